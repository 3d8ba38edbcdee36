import Type, { type Static } from 'typebox';
import { FaultKindSchema } from './faults';
import { ProviderIdSchema } from './providers';

/**
 * Drill scenario files (issue 10): `simulator/scenarios/*.yaml`, checked against this schema before
 * anything starts. Times (`atSec`, `fromSec`, …) are simulated seconds since the scenario's `start`;
 * the time factor compresses them onto the wall clock (60: one real second is a simulated minute).
 */

const Fraction = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const Seconds = (description: string) => Type.Number({ minimum: 0, description });

const Weight = Type.Optional(Type.Number({ minimum: 0 }));
/** Weights per provider (any subset of the six). */
export const ProviderMixSchema = Type.Object(
  { phone: Weight, ipin: Weight, jointcert: Weight, naver: Weight, kakao: Weight, pass: Weight },
  { additionalProperties: false, minProperties: 1 },
);
export type ProviderMix = Static<typeof ProviderMixSchema>;

export const CohortSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    /** People in the cohort at national scale; the crowd is `size / scale` real citizens. */
    size: Type.Integer({ minimum: 1 }),
    /** Of those who arrive, the share who go on to book (the rest look and leave). */
    bookingPropensity: Fraction('share of arriving citizens who intend to book'),
    /** Which provider a citizen prefers, as weights (normalised). Unpublished in 2021: ASSUMED. */
    providerMix: ProviderMixSchema,
    /** Devices (tabs, phones) a person uses at once; each polls its own ticket. */
    devicesPerPerson: Type.Number({ minimum: 1, maximum: 10 }),
    /** The birth-day digit of the 10부제 night, for eligible birth dates. */
    birthDigit: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })),
  },
  { additionalProperties: false },
);
export type Cohort = Static<typeof CohortSchema>;

export const ArrivalStageSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    fromSec: Seconds('stage start, simulated seconds since the scenario start'),
    toSec: Type.Number({ exclusiveMinimum: 0, description: 'stage end (exclusive)' }),
    /** Share of the population arriving in this stage; stages may sum below 1 (the rest never come). */
    fraction: Fraction('share of the population arriving in this stage'),
    /** flat: constant rate; decay: rate halves every `halfLifeSec` from the stage start (the 20:00:00 spike). */
    shape: Type.Optional(Type.Union([Type.Literal('flat'), Type.Literal('decay')])),
    halfLifeSec: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false },
);
export type ArrivalStage = Static<typeof ArrivalStageSchema>;

export const RetrySchema = Type.Object(
  {
    /** polite: capped exponential backoff with full jitter; requeue: July 2021, an error sends the citizen to the back of the queue. */
    mode: Type.Union([Type.Literal('polite'), Type.Literal('requeue')]),
    maxAttempts: Type.Integer({ minimum: 1, maximum: 100 }),
    baseMs: Type.Number({ minimum: 0 }),
    capMs: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type RetryPolicy = Static<typeof RetrySchema>;

export const BehaviourSchema = Type.Object(
  {
    /** Mean patience in the queue (exponential, Erlang-A), simulated seconds. */
    patienceMeanSec: Type.Number({ exclusiveMinimum: 0 }),
    /**
     * How much a shown ETA eats into patience (Armony, Shimkin & Whitt 2009): a citizen leaves once
     * waited + etaWeight × shownEta exceeds their patience. 0: ETAs change nothing.
     */
    etaWeight: Type.Number({ minimum: 0, maximum: 10 }),
    retry: RetrySchema,
    /** With lights shown, a citizen whose preferred provider is not green picks a green one. */
    chooseGreenProvider: Type.Boolean(),
    /** Share of bookers who cancel their booking later. */
    cancelProbability: Fraction('share of bookers who cancel'),
    /** Think time between steps (pick a slot, fill a form), simulated seconds. */
    thinkSec: Type.Object({ min: Seconds('least think time'), max: Seconds('most think time') }, { additionalProperties: false }),
    /**
     * How a waiting citizen follows the queue. `state` (the default, today's citizen page): the
     * public, cacheable `GET /queue/state` at the shared estimator's pace, position and ETA worked
     * out from the ticket number, heartbeats when the ticket is in the sample, and
     * `GET /queue/status` only once `number <= head`, to claim the turn. `status`: poll
     * `GET /queue/status` every `pollAfterMs` (the July 2021 system, which had no cacheable state).
     */
    waitingClient: Type.Optional(Type.Union([Type.Literal('state'), Type.Literal('status')])),
  },
  { additionalProperties: false },
);
export type Behaviour = Static<typeof BehaviourSchema>;

export const ScenarioFaultKindSchema = Type.Union([FaultKindSchema, Type.Literal('store_blip')]);
export type ScenarioFaultKind = Static<typeof ScenarioFaultKindSchema>;

export const ScenarioFaultSchema = Type.Object(
  {
    atSec: Seconds('when the fault starts'),
    kind: ScenarioFaultKindSchema,
    /** Required for provider faults; absent for store_blip. */
    provider: Type.Optional(ProviderIdSchema),
    durationSec: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    latencyMs: Type.Optional(Type.Number({ minimum: 0, maximum: 600_000 })),
    jitterMs: Type.Optional(Type.Number({ minimum: 0, maximum: 600_000 })),
    rate: Type.Optional(Fraction('share of calls that fail')),
    capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ScenarioFault = Static<typeof ScenarioFaultSchema>;

/**
 * What the operators should do, by when: an audit entry kind (`alert_acked`, `note`, `controls`) or a
 * control they should change (`controls:gate`, `controls:admissionRatePerSec`), within N real seconds
 * (people act in real time, whatever the time factor) of the start or of the first injected fault.
 */
export const ExpectationSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    action: Type.String({ minLength: 1 }),
    withinSec: Type.Number({ exclusiveMinimum: 0 }),
    after: Type.Union([Type.Literal('start'), Type.Literal('first_fault')]),
  },
  { additionalProperties: false },
);
export type Expectation = Static<typeof ExpectationSchema>;

export const ThresholdsSchema = Type.Object(
  {
    maxTicketsLost: Type.Integer({ minimum: 0 }),
    maxOverbooked: Type.Integer({ minimum: 0 }),
    /** The crowd's own error rate (failed requests / requests) over a sample window counted as healthy. */
    maxErrorRate: Fraction('largest healthy error rate'),
    /** Real seconds. */
    maxTtdSec: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    maxTtmSec: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    /** Share of real citizens who must book (of the crowd population). */
    minBookedFraction: Type.Optional(Fraction('least share of the population who book')),
    /** Checkpoints pass within this relative distance of the published figure (0.1 = 10 %). */
    checkpointTolerance: Type.Optional(Fraction('relative tolerance of checkpoints')),
  },
  { additionalProperties: false },
);
export type Thresholds = Static<typeof ThresholdsSchema>;

/** A published figure to compare with (cohort-9): share of the population booked by `atSec`, or share of all bookings made by `atSec`. */
export const CheckpointSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    atSec: Type.Number({ exclusiveMinimum: 0 }),
    measure: Type.Union([Type.Literal('booked_of_population'), Type.Literal('share_of_bookings')]),
    published: Fraction('the published figure'),
    source: Type.String(),
  },
  { additionalProperties: false },
);
export type Checkpoint = Static<typeof CheckpointSchema>;

export const ScenarioSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 }),
    description: Type.String({ minLength: 1 }),
    seed: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
    /** Simulated start, KST, e.g. "2021-08-09T20:00:00+09:00". */
    start: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+09:00$' }),
    durationSec: Type.Number({ exclusiveMinimum: 0, maximum: 30 * 86_400 }),
    /** 100 = 1:100 (one real citizen stands for 100 people). */
    scale: Type.Number({ minimum: 1 }),
    /** 60 = one real second is a simulated minute. */
    timeFactor: Type.Number({ minimum: 0.1, maximum: 10_000 }),
    /** Field paths whose figures are not published (shown as ASSUMED). */
    assumed: Type.Optional(Type.Array(Type.String())),
    population: Type.Object({ cohorts: Type.Array(CohortSchema, { minItems: 1 }) }, { additionalProperties: false }),
    arrivals: Type.Object({ stages: Type.Array(ArrivalStageSchema, { minItems: 1 }) }, { additionalProperties: false }),
    behaviour: BehaviourSchema,
    faults: Type.Array(ScenarioFaultSchema),
    expectations: Type.Array(ExpectationSchema),
    thresholds: ThresholdsSchema,
    checkpoints: Type.Optional(Type.Array(CheckpointSchema)),
  },
  { additionalProperties: false },
);
export type Scenario = Static<typeof ScenarioSchema>;
