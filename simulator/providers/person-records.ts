import { isCalendarDate } from './person-id';

export interface PersonRecord {
  name: string;
  birthDate: string;
  phone?: string;
}

/**
 * What the providers know of people. A real provider confirms a person from its own records (the
 * carrier's subscriber, the certificate's holder), and its answer carries the details *on record*,
 * not the ones typed in. The simulator models two kinds of citizens:
 * - people on record (`POST /people`): the providers confirm their recorded birth date whatever
 *   the request says, so someone who types another birth date is caught by the server;
 * - everyone else, the invented crowd of a drill: nobody has records of them, so their details
 *   are as given (a drill's citizens are consistent with themselves).
 * A person is found by name, and phone when the record has one.
 */
export class PersonRecords {
  private readonly byKey = new Map<string, PersonRecord>();

  private static key(name: string, phone: string | undefined): string {
    return `${name.normalize('NFC').trim()}\n${phone ?? ''}`;
  }

  /** A problem with the record, or null. */
  static problem(record: PersonRecord): string | null {
    return isCalendarDate(record.birthDate) ? null : 'birthDate is not a calendar date';
  }

  add(record: PersonRecord): void {
    this.byKey.set(PersonRecords.key(record.name, record.phone), { ...record });
  }

  /** The record of the person a request names: by name and phone, or by name alone for a record without a phone. */
  find(name: string, phone: string | undefined): PersonRecord | null {
    return this.byKey.get(PersonRecords.key(name, phone)) ?? (phone ? (this.byKey.get(PersonRecords.key(name, undefined)) ?? null) : null);
  }

  list(): PersonRecord[] {
    return [...this.byKey.values()].map((r) => ({ ...r }));
  }

  clear(): number {
    const n = this.byKey.size;
    this.byKey.clear();
    return n;
  }
}
