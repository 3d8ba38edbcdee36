import { DEFAULT_CONTROLS } from '../../../protocol';
import type { Controls } from '../../../protocol';
import type { ControlsStore, StoredControls } from '../port';

export class MemoryControlsStore implements ControlsStore {
  private stored: StoredControls = { controls: structuredClone(DEFAULT_CONTROLS), version: 0 };

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
}
