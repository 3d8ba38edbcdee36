import type { ProvidersStatusReply } from '../../protocol';

/** The public lights as citizens see them (`GET /providers/status`), and what changed since the last read. */
export class ProviderLights {
  private last = new Map<string, string>();

  constructor(private readonly serverUrl: string) {}

  async read(): Promise<{ red: number; changes: string[] }> {
    try {
      const res = await fetch(`${this.serverUrl}/api/v1/providers/status`);
      if (!res.ok) return { red: 0, changes: [] };
      const { providers } = (await res.json()) as ProvidersStatusReply;
      const changes: string[] = [];
      for (const p of providers) {
        const before = this.last.get(p.id);
        if (before !== undefined && before !== p.light) changes.push(`${p.id} ${before} → ${p.light}`);
        else if (before === undefined && p.light !== 'green') changes.push(`${p.id} ${p.light}`);
        this.last.set(p.id, p.light);
      }
      return { red: providers.filter((p) => p.light === 'red').length, changes };
    } catch {
      return { red: 0, changes: [] };
    }
  }
}
