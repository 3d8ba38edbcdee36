export interface AdmissionStepInput {
  credit: number;
  ratePerSec: number;
  elapsedMs: number;
  /** maxActiveSessions minus (pending + active). */
  room: number;
  /** tail - head. */
  waiting: number;
}

/** Longest gap a single tick may account for; stops a burst after an outage or a long pause. */
export const MAX_TICK_ELAPSED_MS = 5000;

/**
 * How many tickets one tick admits. Pure arithmetic kept beside the adapters: the memory store
 * runs it, the Redis adapter's Lua tick mirrors it line for line. Fractional credit carries over between ticks so the
 * long-run admission equals rate x time; when capacity or the queue limits the step the
 * credit is dropped rather than banked for a later burst.
 */
export function admissionStep(input: AdmissionStepInput): { admit: number; credit: number } {
  const elapsed = Math.min(Math.max(input.elapsedMs, 0), MAX_TICK_ELAPSED_MS);
  let credit = input.credit + (input.ratePerSec * elapsed) / 1000;
  let admit = Math.floor(credit);
  let limited = false;
  if (admit > input.room) {
    admit = input.room;
    limited = true;
  }
  if (admit > input.waiting) {
    admit = input.waiting;
    limited = true;
  }
  if (admit < 0) admit = 0;
  credit = limited ? 0 : credit - admit;
  return { admit, credit };
}
