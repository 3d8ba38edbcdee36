import type { Store } from '../port';
import { MemoryBookingStore } from './booking';
import { MemoryBus } from './bus';
import { MemoryControlsStore } from './controls';
import { MemoryQueueStore } from './queue';

/** The embedded store: one process, no services. Several apps in one process may share one. */
export function createMemoryStore(): Store {
  const controls = new MemoryControlsStore();
  return {
    kind: 'memory',
    controls,
    queue: new MemoryQueueStore(controls),
    booking: new MemoryBookingStore(),
    bus: new MemoryBus(),
    ping: async () => 0,
    close: async () => {},
  };
}
