/** How a drill cuts the store off: the training setup's store fault proxy, or nothing. */
export interface StoreFault {
  /** Resolves once the store is reachable again. */
  cut(seconds: number): Promise<void>;
  /** Ends a cut now (a drill stopped mid-cut). */
  heal(): Promise<void>;
}

/** The store fault proxy's control (`store-fault-server.ts`) at `url`, with the drill runner's key. */
export function storeFaultClient(url: string, key: string): StoreFault {
  const base = url.replace(/\/$/, '');
  const call = async (method: 'POST' | 'DELETE', body?: unknown): Promise<void> => {
    const res = await fetch(`${base}/store/cut`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    if (!res.ok) throw new Error(`the store fault proxy answered ${res.status} ${answer.code ?? ''}: ${answer.message ?? ''}`.trim());
  };
  return {
    cut: (seconds) => call('POST', { seconds }),
    heal: () => call('DELETE'),
  };
}
