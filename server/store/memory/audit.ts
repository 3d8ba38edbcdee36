import type { AuditEntry } from '../../../protocol';
import type { AuditStore } from '../port';

/** Same ids as a Redis stream (`<ms>-<seq>`), same cap. */
export class MemoryAuditStore implements AuditStore {
  private readonly entries: AuditEntry[] = [];
  private lastMs = 0;
  private seq = 0;

  constructor(private readonly maxEntries = 100_000) {}

  async append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    return this.appendNow(entry);
  }

  /** The append itself, synchronous, so a controls change can write its entry in the same step. */
  appendNow(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const ms = Math.max(Math.floor(entry.at), this.lastMs);
    this.seq = ms === this.lastMs ? this.seq + 1 : 0;
    this.lastMs = ms;
    const stored: AuditEntry = structuredClone({ ...entry, id: `${ms}-${this.seq}` });
    this.entries.push(stored);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    return structuredClone(stored);
  }

  async since(since: number, limit: number): Promise<AuditEntry[]> {
    if (!(since <= Number.MAX_SAFE_INTEGER)) return [];
    return structuredClone(this.entries.filter((e) => Number(e.id.split('-')[0]) >= since).slice(0, limit));
  }
}
