import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus series for booking; bookings/s is rate(sluice_bookings_total[1m]). */
export function createBookingMetrics(registry: Registry, seatsLeft: () => Promise<number | null>) {
  return {
    booked: new Counter({
      name: 'sluice_bookings_total',
      help: 'Reservations confirmed by this node',
      registers: [registry],
    }),
    cancelled: new Counter({
      name: 'sluice_booking_cancellations_total',
      help: 'Reservations cancelled through this node (their seats returned)',
      registers: [registry],
    }),
    failures: new Counter({
      name: 'sluice_booking_failures_total',
      help: 'Booking attempts refused by this node, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    reserveSeconds: new Histogram({
      name: 'sluice_booking_reserve_seconds',
      help: 'Time of the atomic booking step in the store',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    seatsLeft: new Gauge({
      name: 'sluice_seats_remaining',
      help: 'Seats left in the whole inventory, cluster-wide (read from the store at scrape time)',
      registers: [registry],
      async collect() {
        const left = await seatsLeft();
        if (left !== null) this.set(left);
      },
    }),
  };
}
export type BookingMetrics = ReturnType<typeof createBookingMetrics>;
