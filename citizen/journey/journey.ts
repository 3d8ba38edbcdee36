import type { Reservation } from '../../protocol/booking';
import { randomId } from '../api/api';

/** Where this browser is on the citizen's path. */
export type Stage = 'gate' | 'waiting' | 'verify' | 'booking' | 'done';

/**
 * What this browser keeps across a refresh or a second tab (localStorage): the client id it
 * joins with (joining again with it gets the same place back), the ticket and its number, and
 * the tokens of the later steps. Nothing personal: no name, no birth date.
 */
export interface Journey {
  stage: Stage;
  clientId: string;
  deviceId: string;
  ticket: string | null;
  number: number | null;
  /** How far back the ticket was when it joined (the progress bar's 0 %). */
  startPosition: number;
  accessToken: string | null;
  identityToken: string | null;
  /** The key of the booking attempt under way: a retry of the same choice reuses it. */
  booking: { slotId: string; key: string } | null;
  reservation: Reservation | null;
  cancelled: boolean;
}

const KEY = 'sluice.citizen.journey';

export function freshJourney(previous?: Pick<Journey, 'clientId' | 'deviceId'>): Journey {
  return {
    stage: 'gate',
    clientId: previous?.clientId ?? randomId(),
    deviceId: previous?.deviceId ?? randomId(),
    ticket: null,
    number: null,
    startPosition: 0,
    accessToken: null,
    identityToken: null,
    booking: null,
    reservation: null,
    cancelled: false,
  };
}

export function loadJourney(storage: Storage = localStorage): Journey {
  try {
    const raw = storage.getItem(KEY);
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<Journey>;
      if (typeof parsed.clientId === 'string' && typeof parsed.deviceId === 'string') return { ...freshJourney(parsed as Journey), ...parsed };
    }
  } catch {
    // A broken or blocked storage: start afresh.
  }
  const journey = freshJourney();
  saveJourney(journey, storage);
  return journey;
}

export function saveJourney(journey: Journey, storage: Storage = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(journey));
  } catch {
    // Private mode without storage: the page still works, a refresh just starts over.
  }
}

export const JOURNEY_KEY = KEY;
