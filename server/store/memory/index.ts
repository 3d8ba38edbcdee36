import { randomUUID } from 'node:crypto';
import type { Store } from '../port';
import { MemoryBookingStore } from './booking';
import { MemoryAuditStore } from './audit';
import { MemoryBus } from './bus';
import { MemoryConsoleStore } from './console';
import { MemoryControlsStore } from './controls';
import { MemoryDrillStore } from './drills';
import { MemoryIdentityStore } from './identity';
import { MemoryLeaseStore } from './leases';
import { MemoryNoticeStore } from './notices';
import { MemoryOperatorStore } from './operators';
import { MemoryQueueStore } from './queue';

/** The embedded store: one process, no services. Several apps in one process may share one. */
export function createMemoryStore(): Store {
  const audit = new MemoryAuditStore();
  const leases = new MemoryLeaseStore();
  const controls = new MemoryControlsStore(audit, leases);
  const queue = new MemoryQueueStore(controls);
  const epoch = randomUUID();
  const consoleStore = new MemoryConsoleStore();
  return {
    kind: 'memory',
    controls,
    queue,
    booking: new MemoryBookingStore(queue),
    identity: new MemoryIdentityStore(queue),
    bus: new MemoryBus(),
    operators: new MemoryOperatorStore(),
    audit,
    console: consoleStore,
    drills: new MemoryDrillStore(consoleStore),
    notices: new MemoryNoticeStore(),
    leases,
    epoch: async () => epoch,
    ping: async () => 0,
    close: async () => {},
  };
}
