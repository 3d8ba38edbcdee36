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
    center: Type.Optional(Type.String({ maxLength: 32 })),
    vaccine: Type.Optional(VaccineSchema),
    /** Leave out slots with no seat left. */
    open: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  },
  { additionalProperties: false },
);
export type SlotsQuery = Static<typeof SlotsQuery>;

export const SlotsReply = Type.Object({
  slots: Type.Array(SlotSchema),
  /** Matching slots before the limit was applied. */
  total: Type.Integer(),
});
export type SlotsReply = Static<typeof SlotsReply>;

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

export const ReserveReply = Type.Object({ reservation: ReservationSchema });
export type ReserveReply = Static<typeof ReserveReply>;

export const MyReservationReply = Type.Object({ reservation: Type.Union([ReservationSchema, Type.Null()]) });
export type MyReservationReply = Static<typeof MyReservationReply>;

export const CancelReply = Type.Object({ cancelled: ReservationSchema });
export type CancelReply = Static<typeof CancelReply>;

export const EventWindowSchema = Type.Object({
  start: Type.Number(),
  end: Type.Number(),
  /** Who may book in it, in words ("birth days ending in 9", "ages 36–49"). */
  label: Type.Optional(Type.String()),
});
export type EventWindow = Static<typeof EventWindowSchema>;

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
  next: Type.Union([
    Type.Object({
      start: Type.Number(),
      birthDayDigits: Type.Array(Type.Integer()),
      end: Type.Optional(Type.Number()),
      label: Type.Optional(Type.String()),
      birthDateFrom: Type.Optional(Type.String()),
      birthDateTo: Type.Optional(Type.String()),
    }),
    Type.Null(),
  ]),
  /** `shifted` in training: the calendar moved so its first window opens at the drill's start. */
  calendar: Type.Optional(Type.Union([Type.Literal('live'), Type.Literal('shifted')])),
});
export type EventReply = Static<typeof EventReply>;

export const NotEligibleReasonSchema = Type.Union([
  Type.Literal('outside_age_range'),
  Type.Literal('not_your_window'),
  Type.Literal('not_open'),
  Type.Literal('closed'),
]);
export type NotEligibleReason = Static<typeof NotEligibleReasonSchema>;

/** 403 not_eligible: why, and the person's own next window when there is one. */
export const NotEligibleBody = Type.Object({
  error: Type.Literal('not_eligible'),
  message: Type.String(),
  reason: NotEligibleReasonSchema,
  next: Type.Union([EventWindowSchema, Type.Null()]),
});
export type NotEligibleBody = Static<typeof NotEligibleBody>;

/** Cluster-wide cumulative booking figures, read from the store. */
export const BookingStatsSchema = Type.Object({
  bookedTotal: Type.Integer(),
  cancelledTotal: Type.Integer(),
  seatsLeft: Type.Integer(),
  failures: Type.Record(Type.String(), Type.Integer()),
});
export type BookingStats = Static<typeof BookingStatsSchema>;

/** `GET /api/v1/centers`: the regions and their vaccination centers (static for an event; cacheable). */
export const CentersReply = Type.Object({
  regions: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Object({ ko: Type.String(), en: Type.String() }),
      centers: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    }),
  ),
});
export type CentersReply = Static<typeof CentersReply>;
