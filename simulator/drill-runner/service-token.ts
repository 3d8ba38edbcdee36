import type { ServiceTokenReply } from '../../protocol';

/** Trades the shared simulator key for a service token (`POST /api/v1/service/token`). */
export async function fetchServiceToken(serverUrl: string, key: string): Promise<ServiceTokenReply> {
  const res = await fetch(new URL('/api/v1/service/token', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  const body = (await res.json()) as ServiceTokenReply | { error: string; message: string };
  if (!res.ok || !('token' in body)) throw new Error(`service token refused: ${'message' in body ? body.message : res.status}`);
  return body;
}
