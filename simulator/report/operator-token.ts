/**
 * A token that reads the audit log: the simulator's own service credential (`POST /service/token`
 * with SLUICE_SIMULATOR_KEY), else an operator's login. A server without the service route (404)
 * or a refused login leaves the run without one: the report says what it could not measure.
 */
export async function operatorToken(
  serverUrl: string,
  credentials: { key?: string; user?: string; password?: string },
): Promise<{ token: string | null; note: string }> {
  const base = serverUrl.replace(/\/$/, '');
  if (credentials.key) {
    const res = await post(`${base}/api/v1/service/token`, { key: credentials.key });
    if (res?.token) return { token: res.token, note: 'service credential' };
  }
  if (credentials.user && credentials.password) {
    const res = await post(`${base}/api/v1/console/login`, { username: credentials.user, password: credentials.password });
    if (res?.token) return { token: res.token, note: `logged in as ${credentials.user}` };
    return { token: null, note: `login as ${credentials.user} refused: operator actions will not be read` };
  }
  return { token: null, note: 'no credential (SLUICE_SIMULATOR_KEY or --user/--password): operator actions will not be read' };
}

async function post(url: string, body: unknown): Promise<{ token?: string } | null> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) return null;
    return (await res.json()) as { token?: string };
  } catch {
    return null;
  }
}
