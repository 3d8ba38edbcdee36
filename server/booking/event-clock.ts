import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Store } from '../store';
import type { EventCalendar } from './event-calendar';

/**
 * Where the calendar sits in time. `live`: its own dates. `training`: shifted so its first window
 * opens when the cluster started (agreed through the store, so every node shifts alike), unless
 * SLUICE_EVENT_START names the instant — then that, in either mode.
 */
export async function placeCalendar(calendar: EventCalendar, config: Pick<Config, 'mode' | 'eventStart'>, clock: Clock, store: Store): Promise<EventCalendar> {
  if (config.eventStart) {
    const at = Date.parse(config.eventStart);
    if (Number.isNaN(at)) throw new Error(`SLUICE_EVENT_START must be an ISO time, got "${config.eventStart}"`);
    return calendar.startingAt(at);
  }
  if (config.mode === 'live') return calendar;
  const at = await store.booking.agreeEventStart(clock.now(), calendar.lastEnd - calendar.firstStart);
  return calendar.startingAt(at);
}
