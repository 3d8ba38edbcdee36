import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Booking } from './booking';
import { createBookingMetrics } from './booking-metrics';
import { checkDurability } from './durability-check';
import { EventCalendar } from './event-calendar';
import { placeCalendar } from './event-clock';
import { FailureCounts } from './failure-counts';
import { Inventory } from './inventory';
import { SeatCache } from './seat-cache';

declare module 'fastify' {
  interface FastifyInstance {
    booking: Booking;
  }
}

const DEFAULT_SLOTS_FILE = fileURLToPath(new URL('../../data/slots-2021.json', import.meta.url));
const DEFAULT_EVENT_FILE = fileURLToPath(new URL('../../data/event-2021.json', import.meta.url));

// Parsed once per process: tests build many apps from the same files.
const inventories = new Map<string, Inventory>();
function inventoryAt(path: string): Inventory {
  let inventory = inventories.get(path);
  if (!inventory) {
    inventory = Inventory.load(path);
    inventories.set(path, inventory);
  }
  return inventory;
}

export const bookingPlugin = fp(async (app: FastifyInstance) => {
  const { config, store, clock } = app;
  const inventory = inventoryAt(config.slotsFile ?? DEFAULT_SLOTS_FILE);
  const calendar = await placeCalendar(EventCalendar.load(config.eventFile ?? DEFAULT_EVENT_FILE), config, clock, store);
  const added = await store.booking.loadInventory(inventory.slots.map((s) => ({ slotId: s.id, capacity: s.capacity })));
  app.log.info({ slots: inventory.slots.length, added, shiftedMs: calendar.shiftMs }, 'booking inventory ready');
  await checkDurability(store, app.log);

  const failureCounts = new FailureCounts(store.booking);
  // Read at scrape time, when `app.booking` is decorated; null while the store is away.
  const metrics = createBookingMetrics(app.metrics.registry, async () => {
    try {
      return (await app.booking.stats()).seatsLeft;
    } catch {
      return null;
    }
  });
  const booking = new Booking(store, inventory, calendar, clock, new SeatCache(store.booking), failureCounts, metrics);
  app.decorate('booking', booking);

  const flush = setInterval(() => void failureCounts.flush().catch(() => {}), 1000);
  flush.unref();
  app.addHook('onClose', async () => {
    clearInterval(flush);
    await failureCounts.flush().catch((err: unknown) => app.log.warn({ err }, 'booking failure counts could not be flushed'));
  });
});
