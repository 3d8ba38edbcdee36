import { DEFAULT_CONTROLS } from '../../../protocol';
import type { Controls } from '../../../protocol';
import type { ControlsChangeRequest, ControlsChangeWritten, ControlsStore, StoredControls } from '../port';
import type { MemoryAuditStore } from './audit';
import type { MemoryLeaseStore } from './leases';

export class MemoryControlsStore implements ControlsStore {
  private stored: StoredControls = { controls: structuredClone(DEFAULT_CONTROLS), version: 0 };
  /** Changes written (version, audit id) or fenced off (null), by change id. */
  private readonly changes = new Map<string, { version: number; entryId: string } | null>();

  constructor(
    private readonly audit: MemoryAuditStore,
    private readonly leases: MemoryLeaseStore,
  ) {}

  current(): StoredControls {
    return this.stored;
  }

  async get(): Promise<StoredControls> {
    return structuredClone(this.stored);
  }

  async set(next: Controls, expectedVersion: number): Promise<StoredControls | null> {
    if (expectedVersion !== this.stored.version) return null;
    this.stored = { controls: structuredClone(next), version: this.stored.version + 1 };
    return structuredClone(this.stored);
  }

  /** One synchronous step: nothing else runs between the controls and their audit entry. */
  async change(request: ControlsChangeRequest): Promise<ControlsChangeWritten | null | 'fenced'> {
    // The memory store takes time from its callers: the audit entry's time is the change's.
    if (request.fence && !this.leases.holds(request.fence.lease, request.fence.token, request.audit.at)) return 'fenced';
    if (this.changes.has(request.changeId) || request.expectedVersion !== this.stored.version) return null;
    const entry = this.audit.appendNow(request.audit);
    this.stored = { controls: structuredClone(request.next), version: this.stored.version + 1 };
    this.changes.set(request.changeId, { version: this.stored.version, entryId: entry.id });
    return { stored: structuredClone(this.stored), entry };
  }

  async settle(changeId: string): Promise<{ applied: true; version: number; entryId: string } | { applied: false }> {
    const written = this.changes.get(changeId);
    if (written) return { applied: true, ...written };
    this.changes.set(changeId, null);
    return { applied: false };
  }
}
