import type { OperatorRecord, OperatorStore } from '../port';

export class MemoryOperatorStore implements OperatorStore {
  private readonly byName = new Map<string, OperatorRecord>();

  async create(record: OperatorRecord): Promise<boolean> {
    if (this.byName.has(record.username)) return false;
    this.byName.set(record.username, { ...record });
    return true;
  }

  async get(username: string): Promise<OperatorRecord | null> {
    const found = this.byName.get(username);
    return found ? { ...found } : null;
  }

  async list(): Promise<OperatorRecord[]> {
    return [...this.byName.values()].map((r) => ({ ...r })).sort((a, b) => a.username.localeCompare(b.username));
  }

  async remove(username: string): Promise<boolean> {
    return this.byName.delete(username);
  }

  async setDisabled(username: string, disabled: boolean): Promise<OperatorRecord | null> {
    const found = this.byName.get(username);
    if (!found) return null;
    const next = { ...found, disabled, version: (found.version ?? 0) + 1 };
    this.byName.set(username, next);
    return { ...next };
  }
}
