import Type, { type Static } from 'typebox';

export const VaccineSchema = Type.Union([Type.Literal('pfizer'), Type.Literal('moderna')]);
export type Vaccine = Static<typeof VaccineSchema>;

export const SlotSchema = Type.Object({
  id: Type.String(),
  region: Type.String(),
  center: Type.String(),
  date: Type.String(),
  vaccine: VaccineSchema,
  remaining: Type.Integer(),
});
export type Slot = Static<typeof SlotSchema>;

export const SlotsQuery = Type.Object(
  {
    region: Type.Optional(Type.String({ maxLength: 32 })),
    date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  },
  { additionalProperties: false },
);
export type SlotsQuery = Static<typeof SlotsQuery>;

export const ReserveBody = Type.Object({ slotId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export type ReserveBody = Static<typeof ReserveBody>;

export const ReservationSchema = Type.Object({
  id: Type.String(),
  slotId: Type.String(),
  center: Type.String(),
  date: Type.String(),
  vaccine: VaccineSchema,
  createdAt: Type.Number(),
});
export type Reservation = Static<typeof ReservationSchema>;

export const EventWindowSchema = Type.Object({ start: Type.Number(), end: Type.Number() });

export const EventReply = Type.Object({
  name: Type.String(),
  now: Type.Number(),
  open: Type.Boolean(),
  window: Type.Union([EventWindowSchema, Type.Null()]),
  eligible: Type.Union([
    Type.Object({
      birthDateFrom: Type.String(),
      birthDateTo: Type.String(),
      birthDayDigits: Type.Array(Type.Integer()),
    }),
    Type.Null(),
  ]),
  next: Type.Union([Type.Object({ start: Type.Number(), birthDayDigits: Type.Array(Type.Integer()) }), Type.Null()]),
});
export type EventReply = Static<typeof EventReply>;
