import { readFileSync } from 'node:fs';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import type { Vaccine } from '../../protocol';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Seats = Type.Integer({ minimum: 0, maximum: 100_000 });

/** The slot data file (data/slots-2021.json): centers with seats per day, expanded over a period. */
export const InventoryFileSchema = Type.Object({
  name: Type.String(),
  period: Type.Object({ from: DateString, to: DateString }),
  regions: Type.Array(Type.Object({ id: Type.String({ maxLength: 32 }), name: Type.String(), ko: Type.String() })),
  centers: Type.Array(
    Type.Object({
      id: Type.String({ pattern: '^[A-Za-z0-9_]{1,24}$' }),
      region: Type.String(),
      name: Type.String(),
      seats: Type.Object({ pfizer: Type.Optional(Seats), moderna: Type.Optional(Seats) }, { additionalProperties: false }),
      /** Days of the week without vaccinations, 0 = Sunday. */
      closedOn: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 6 }))),
    }),
  ),
});
export type InventoryFile = Static<typeof InventoryFileSchema>;

/** What a node knows about a slot without asking the store; the remaining count lives in the store. */
export interface SlotInfo {
  id: string;
  region: string;
  center: string;
  centerId: string;
  date: string;
  vaccine: Vaccine;
  capacity: number;
}

/** What the slot list may be filtered by. */
export interface SlotFilter {
  region?: string;
  date?: string;
  /** The center's id. */
  center?: string;
  vaccine?: Vaccine;
}

const NONE: readonly SlotInfo[] = [];

const VACCINE_CODE: Record<Vaccine, string> = { pfizer: 'pf', moderna: 'mo' };
const DAY_MS = 86_400_000;

export class Inventory {
  readonly slots: SlotInfo[];
  private readonly byId: Map<string, SlotInfo>;
  /** Slots by each filter's value, each list in inventory order. */
  private readonly index: { [K in keyof SlotFilter]-?: Map<string, SlotInfo[]> };

  constructor(readonly file: InventoryFile) {
    this.slots = expand(file);
    this.byId = new Map(this.slots.map((s) => [s.id, s]));
    this.index = { region: new Map(), date: new Map(), center: new Map(), vaccine: new Map() };
    for (const s of this.slots) {
      const values: Record<keyof SlotFilter, string> = { region: s.region, date: s.date, center: s.centerId, vaccine: s.vaccine };
      for (const field of FILTERS) {
        const list = this.index[field].get(values[field]);
        if (list) list.push(s);
        else this.index[field].set(values[field], [s]);
      }
    }
  }

  /**
   * The slots matching every filter given, in inventory order: the shortest index list among the
   * filters, checked against the others (a center's list is about 70 slots, a region's 800, a
   * day's 360), instead of a walk over all of them.
   */
  matching(filter: SlotFilter): readonly SlotInfo[] {
    const given = FILTERS.filter((field) => filter[field] !== undefined);
    if (given.length === 0) return this.slots;
    let shortest: readonly SlotInfo[] | undefined;
    for (const field of given) {
      const list = this.index[field].get(filter[field]!) ?? NONE;
      if (!shortest || list.length < shortest.length) shortest = list;
    }
    if (given.length === 1 || !shortest?.length) return shortest ?? NONE;
    return shortest.filter(
      (s) =>
        (filter.region === undefined || s.region === filter.region) &&
        (filter.date === undefined || s.date === filter.date) &&
        (filter.center === undefined || s.centerId === filter.center) &&
        (filter.vaccine === undefined || s.vaccine === filter.vaccine),
    );
  }

  static load(path: string): Inventory {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read the slot file ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (!Value.Check(InventoryFileSchema, raw)) {
      const first = [...Value.Errors(InventoryFileSchema, raw)][0];
      throw new Error(`slot file ${path} is invalid: ${first ? `${first.instancePath} ${first.message}` : 'bad shape'}`);
    }
    return new Inventory(raw);
  }

  slot(id: string): SlotInfo | undefined {
    return this.byId.get(id);
  }

  get totalSeats(): number {
    return this.slots.reduce((sum, s) => sum + s.capacity, 0);
  }
}

const FILTERS = ['region', 'date', 'center', 'vaccine'] as const;

function expand(file: InventoryFile): SlotInfo[] {
  const regions = new Set(file.regions.map((r) => r.id));
  const from = Date.parse(`${file.period.from}T00:00:00Z`);
  const to = Date.parse(`${file.period.to}T00:00:00Z`);
  if (!(to >= from)) throw new Error(`slot file period ${file.period.from} … ${file.period.to} is empty`);
  const slots: SlotInfo[] = [];
  const seen = new Set<string>();
  for (const center of file.centers) {
    if (!regions.has(center.region)) throw new Error(`center ${center.id} names an unknown region "${center.region}"`);
    if (seen.has(center.id)) throw new Error(`center ${center.id} appears twice in the slot file`);
    seen.add(center.id);
    for (let day = from; day <= to; day += DAY_MS) {
      const date = new Date(day);
      if (center.closedOn?.includes(date.getUTCDay())) continue;
      const iso = date.toISOString().slice(0, 10);
      for (const vaccine of ['pfizer', 'moderna'] as const) {
        const capacity = center.seats[vaccine];
        if (!capacity) continue;
        slots.push({
          id: `${center.id}-${iso.slice(5, 7)}${iso.slice(8, 10)}-${VACCINE_CODE[vaccine]}`,
          region: center.region,
          center: center.name,
          centerId: center.id,
          date: iso,
          vaccine,
          capacity,
        });
      }
    }
  }
  return slots;
}
