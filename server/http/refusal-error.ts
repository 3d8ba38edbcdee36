import type { Outcome, Refusal } from '../../protocol';

/** A refusal on its way out of a route; the error handler answers it through HTTP_STATUS. */
export class RefusalError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'RefusalError';
  }
}

/** The value of a successful outcome; a refusal leaves the route as its HTTP answer. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new RefusalError(outcome);
  return outcome.value;
}

/** Refuses the request now (for checks made in a route or hook, not in a service). */
export function refuse(refusal: Refusal): never {
  throw new RefusalError(refusal);
}
