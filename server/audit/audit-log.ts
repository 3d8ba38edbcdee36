import { EventEmitter } from 'node:events';
import type { AuditEntry } from '../../protocol';
import type { Clock } from '../clock';
import type { Store } from '../store';

/** `at`: when it happened, for an entry written late (the store was down then); now by default. */
export type AuditDraft = Omit<AuditEntry, 'id' | 'at' | 'drill'> & { drill?: boolean; at?: number };

/** Writes the durable audit log; entries made while a drill runs are marked drill: true. */
export class AuditLog extends EventEmitter<{ entry: [AuditEntry] }> {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    super();
  }

  async record(draft: AuditDraft): Promise<AuditEntry> {
    const drill = draft.drill ?? (await this.store.console.drill()).running;
    const entry = await this.store.audit.append({ ...draft, at: draft.at ?? this.clock.now(), drill });
    this.emit('entry', entry);
    return entry;
  }

  /** Tells the consoles of an entry written by another atomic step (a controls change). */
  announce(entry: AuditEntry): void {
    this.emit('entry', entry);
  }

  since(since: number, limit: number): Promise<AuditEntry[]> {
    return this.store.audit.since(since, limit);
  }
}
