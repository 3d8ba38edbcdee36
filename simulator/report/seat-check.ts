import type { Slot } from '../../protocol';

/** Seats left per slot before the crowd books: the first pages the citizens choose from (see Citizen.book). */
export async function seatBaseline(serverUrl: string): Promise<Map<string, number>> {
  const baseline = new Map<string, number>();
  for (const query of ['open=true&limit=2000', 'open=true&limit=2000&region=seoul']) {
    const slots = await listSlots(serverUrl, query);
    for (const slot of slots) baseline.set(slot.id, slot.remaining);
  }
  return baseline;
}

export interface SeatCheck {
  /** Seats confirmed beyond a slot's capacity: net bookings above the seats it had, or a negative count left. */
  overbooked: number;
  /** Slots whose remaining count is not what it was less the crowd's net bookings (someone else booked too, or a booking vanished). */
  mismatched: number;
  /** Booked slots with no baseline (outside the first pages), checked only for a negative count. */
  unchecked: number;
}

/** After the crowd: every slot it booked, read again by center. */
export async function checkSeats(serverUrl: string, baseline: Map<string, number>, netBySlot: Record<string, number>): Promise<SeatCheck> {
  const centers = new Set(Object.keys(netBySlot).map((id) => id.split('-')[0]!));
  const now = new Map<string, number>();
  for (const center of centers) {
    for (const slot of await listSlots(serverUrl, `center=${encodeURIComponent(center)}&limit=2000`)) now.set(slot.id, slot.remaining);
  }
  let overbooked = 0;
  let mismatched = 0;
  let unchecked = 0;
  for (const [slotId, net] of Object.entries(netBySlot)) {
    const left = now.get(slotId);
    if (left !== undefined && left < 0) overbooked += -left;
    const before = baseline.get(slotId);
    if (before === undefined) {
      unchecked++;
      continue;
    }
    if (net > before) overbooked += net - before;
    if (left !== undefined && left !== before - net) mismatched++;
  }
  return { overbooked, mismatched, unchecked };
}

async function listSlots(serverUrl: string, query: string): Promise<Slot[]> {
  const res = await fetch(`${serverUrl}/api/v1/slots?${query}`);
  if (!res.ok) return [];
  return ((await res.json()) as { slots: Slot[] }).slots;
}
