import type { FastifyInstance } from 'fastify';
import type { ProviderHealth } from '../../protocol';

/**
 * The identity gateway and booking land as their own plugins; until they are registered the
 * snapshot shows no providers and zero bookings rather than failing.
 */
interface IdentitySource {
  health(): ProviderHealth[] | Promise<ProviderHealth[]>;
}

export interface BookingFigures {
  bookedTotal: number;
  seatsLeft: number;
  failures: Record<string, number>;
}

interface BookingSource {
  stats(): Promise<BookingFigures>;
}

export async function providerHealth(app: FastifyInstance): Promise<ProviderHealth[]> {
  if (!app.hasDecorator('identity')) return [];
  const identity = (app as unknown as { identity: IdentitySource }).identity;
  return (await identity.health()).map((p) => ({ ...p }));
}

export async function bookingFigures(app: FastifyInstance): Promise<BookingFigures | null> {
  if (!app.hasDecorator('booking')) return null;
  const booking = (app as unknown as { booking: BookingSource }).booking;
  const stats = await booking.stats();
  return { bookedTotal: stats.bookedTotal, seatsLeft: stats.seatsLeft, failures: { ...stats.failures } };
}
