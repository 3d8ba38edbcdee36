import type { ProviderId } from '../../protocol';

export interface PersonDetails {
  name: string;
  birthDate: string;
  phone?: string;
}

/** The provider answered, but not with a verification: a 5xx, a 429, or a body we cannot use. */
export class ProviderAnswerError extends Error {
  constructor(readonly status: number) {
    super(`provider answered ${status}`);
    this.name = 'ProviderAnswerError';
  }
}

/** A confirmation: the person's CI and the birth date on the provider's records (never the one we sent). */
export type ProviderReply = { verified: true; ci: string; birthDate: string } | { verified: false; status: number };

const CI_PATTERN = /^[A-Za-z0-9_+/=-]{16,128}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** One call to an external provider over HTTP. Connection failures reject as fetch does. */
export async function callProvider(baseUrl: string, id: ProviderId, person: PersonDetails, signal: AbortSignal): Promise<ProviderReply> {
  const response = await fetch(`${baseUrl}/providers/${id}/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: person.name, birthDate: person.birthDate, ...(person.phone ? { phone: person.phone } : {}) }),
    signal,
  });
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    throw new ProviderAnswerError(response.status);
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { verified: false, status: response.status };
  }
  const body = (await response.json().catch(() => null)) as { ci?: unknown; birthDate?: unknown } | null;
  if (typeof body?.ci !== 'string' || !CI_PATTERN.test(body.ci)) throw new ProviderAnswerError(response.status);
  // A confirmation without the birth date confirms nothing we may sign.
  if (typeof body.birthDate !== 'string' || !DATE_PATTERN.test(body.birthDate)) throw new ProviderAnswerError(response.status);
  return { verified: true, ci: body.ci, birthDate: body.birthDate };
}
