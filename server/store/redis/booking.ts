import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Reservation } from '../../../protocol';
import type { BookingLogEntry, BookingStore, BookingTotals, CancelResult, ReserveRequest, ReserveResult, SeatCount } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { defineScript, type ScriptRunner } from './scripts';

/** Adds only slots that are not there yet: a restart or a second node never resets a count. */
const LOAD_LUA = `
local seatsKey, statsKey = KEYS[1], KEYS[2]
local added, seats = 0, 0
for i = 1, #ARGV, 2 do
  if redis.call('HSETNX', seatsKey, ARGV[i], ARGV[i + 1]) == 1 then
    added = added + 1
    seats = seats + tonumber(ARGV[i + 1])
  end
end
if seats > 0 then redis.call('HINCRBY', statsKey, 'seatsLeft', seats) end
return added
`;

/**
 * The booking, one atomic step: replay a known Idempotency-Key (even after the session ended, so a
 * retry still gets its reservation; a cancelled one is answered as cancelled, with when); refuse a second booking; refuse unless the waiting-room
 * session is active (one booking per admission); refuse when no seat is left; else take the seat,
 * end the session, record the person, keep the replay, and append to the durable log. With
 * appendonly + appendfsync always, the reply leaves only after the AOF has it. A refusal writes
 * nothing (its count is batched by the node), so sold-out floods cost no fsync.
 */
const RESERVE_LUA = `
local seatsKey, peopleKey, replayKey, statsKey, logKey, activeKey, queueStatsKey, cancelledKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local person, slotId, record, replayTtl, session, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local prior = redis.call('GET', replayKey)
local held = redis.call('HGET', peopleKey, person)
if prior then
  -- The person's record and the replay are the same string while the reservation stands.
  if held == prior then return {'repeat', prior} end
  local at = redis.call('HGET', cancelledKey, cjson.decode(prior).id)
  return {'repeat_cancelled', prior, at or ''}
end
if held then return {'already_reserved', held} end
local expires = redis.call('ZSCORE', activeKey, session)
if not expires or tonumber(expires) <= now then return {'session_ended', ''} end
local left = redis.call('HGET', seatsKey, slotId)
if not left then return {'unknown_slot', ''} end
if tonumber(left) <= 0 then return {'sold_out', ''} end
left = redis.call('HINCRBY', seatsKey, slotId, -1)
redis.call('ZREM', activeKey, session)
redis.call('HINCRBY', queueStatsKey, 'sessionsEnded', 1)
redis.call('HSET', peopleKey, person, record)
redis.call('SET', replayKey, record, 'EX', replayTtl)
redis.call('HINCRBY', statsKey, 'booked', 1)
redis.call('HINCRBY', statsKey, 'seatsLeft', -1)
redis.call('XADD', logKey, '*', 'kind', 'booked', 'person', person, 'reservation', record)
return {'booked', record, left}
`;

const CANCEL_LUA = `
local seatsKey, peopleKey, statsKey, logKey, cancelledKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local person, reservationId, now = ARGV[1], ARGV[2], ARGV[3]
local held = redis.call('HGET', peopleKey, person)
if not held then return {'not_found', ''} end
local r = cjson.decode(held)
if r.id ~= reservationId then return {'not_found', ''} end
redis.call('HDEL', peopleKey, person)
redis.call('HSET', cancelledKey, reservationId, now)
local left = redis.call('HINCRBY', seatsKey, r.slotId, 1)
redis.call('HINCRBY', statsKey, 'cancelled', 1)
redis.call('HINCRBY', statsKey, 'seatsLeft', 1)
redis.call('XADD', logKey, '*', 'kind', 'cancelled', 'person', person, 'reservation', held)
return {'cancelled', held, left}
`;

const AGREE_START_LUA = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`;

const LOAD_BATCH = 1000;

export class RedisBookingStore implements BookingStore {
  private readonly loadScript: ScriptRunner;
  private readonly reserveScript: ScriptRunner;
  private readonly cancelScript: ScriptRunner;
  private readonly agreeStartScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {
    this.loadScript = defineScript(redis, 'sluiceLoadSeats', 2, LOAD_LUA);
    this.reserveScript = defineScript(redis, 'sluiceReserve', 8, RESERVE_LUA);
    this.cancelScript = defineScript(redis, 'sluiceCancel', 5, CANCEL_LUA);
    this.agreeStartScript = defineScript(redis, 'sluiceAgreeEventStart', 1, AGREE_START_LUA);
  }

  loadInventory(seats: SeatCount[]): Promise<number> {
    return guarded(async () => {
      // The same inventory loaded before (another node, a restart): nothing to add, skip the walk.
      const fingerprint = createHash('sha256');
      for (const s of seats) fingerprint.update(`${s.slotId}=${s.capacity}\n`);
      const digest = fingerprint.digest('base64url');
      if ((await this.redis.get(this.key('b:inventory'))) === digest) return 0;
      let added = 0;
      for (let i = 0; i < seats.length; i += LOAD_BATCH) {
        const args = seats.slice(i, i + LOAD_BATCH).flatMap((s) => [s.slotId, s.capacity]);
        added += Number(await this.loadScript([this.key('b:seats'), this.key('b:stats')], args));
      }
      await this.redis.set(this.key('b:inventory'), digest);
      return added;
    });
  }

  remaining(): Promise<Map<string, number>> {
    return guarded(async () => {
      const all = await this.redis.hgetall(this.key('b:seats'));
      return new Map(Object.entries(all).map(([slotId, left]) => [slotId, Number(left)]));
    });
  }

  reserve({ personId, idempotencyKey, reservation, idempotencyTtlSec, session }: ReserveRequest): Promise<ReserveResult> {
    return guarded(async () => {
      // Hashed so a client's key, however odd, never shapes a Redis key name.
      const replay = createHash('sha256').update(personId).update('\n').update(idempotencyKey).digest('base64url');
      const [outcome, record, left] = (await this.reserveScript(
        [
          this.key('b:seats'),
          this.key('b:people'),
          this.key(`b:replay:${replay}`),
          this.key('b:stats'),
          this.key('b:log'),
          this.key('q:active'),
          this.key('q:stats'),
          this.key('b:cancelledAt'),
        ],
        [personId, reservation.slotId, JSON.stringify(reservation), idempotencyTtlSec, session.number, session.now],
      )) as [string, string, number | string | undefined];
      switch (outcome) {
        case 'booked':
          return { outcome, reservation: JSON.parse(record) as Reservation, remaining: Number(left) };
        case 'repeat_cancelled':
          return { outcome, reservation: JSON.parse(record) as Reservation, cancelledAt: left === '' || left === undefined ? null : Number(left) };
        case 'repeat':
        case 'already_reserved':
          return { outcome, reservation: JSON.parse(record) as Reservation };
        case 'sold_out':
        case 'unknown_slot':
        case 'session_ended':
          return { outcome };
        default:
          throw new Error(`reserve script answered "${outcome}"`);
      }
    });
  }

  cancel(personId: string, reservationId: string, now: number): Promise<CancelResult> {
    return guarded(async () => {
      const [outcome, record, left] = (await this.cancelScript(
        [this.key('b:seats'), this.key('b:people'), this.key('b:stats'), this.key('b:log'), this.key('b:cancelledAt')],
        [personId, reservationId, now],
      )) as [string, string, number | undefined];
      if (outcome !== 'cancelled') return { outcome: 'not_found' };
      return { outcome, reservation: JSON.parse(record) as Reservation, remaining: Number(left) };
    });
  }

  reservationOf(personId: string): Promise<Reservation | null> {
    return guarded(async () => {
      const held = await this.redis.hget(this.key('b:people'), personId);
      return held ? (JSON.parse(held) as Reservation) : null;
    });
  }

  totals(): Promise<BookingTotals> {
    return guarded(async () => {
      const stats = await this.redis.hgetall(this.key('b:stats'));
      const failures: Record<string, number> = {};
      for (const [field, value] of Object.entries(stats)) {
        if (field.startsWith('fail:')) failures[field.slice(5)] = Number(value);
      }
      return {
        bookedTotal: Number(stats.booked ?? 0),
        cancelledTotal: Number(stats.cancelled ?? 0),
        seatsLeft: Number(stats.seatsLeft ?? 0),
        failures,
      };
    });
  }

  addFailures(counts: Record<string, number>): Promise<void> {
    return guarded(async () => {
      const entries = Object.entries(counts).filter(([, n]) => n > 0);
      if (entries.length === 0) return;
      const batch = this.redis.multi();
      for (const [reason, n] of entries) batch.hincrby(this.key('b:stats'), `fail:${reason}`, n);
      await batch.exec();
    });
  }

  readLog(afterId: string, count: number): Promise<BookingLogEntry[]> {
    return guarded(async () => {
      const rows = await this.redis.xrange(this.key('b:log'), afterId === '' ? '-' : `(${afterId}`, '+', 'COUNT', count);
      return rows.map(([id, fields]) => {
        const f: Record<string, string> = {};
        for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
        return {
          id,
          kind: f.kind === 'cancelled' ? 'cancelled' : 'booked',
          personId: f.person ?? '',
          reservation: JSON.parse(f.reservation ?? 'null') as Reservation,
        };
      });
    });
  }

  agreeEventStart(proposed: number, ttlMs: number): Promise<number> {
    return guarded(async () => Number(await this.agreeStartScript([this.key('b:eventStart')], [proposed, Math.max(1, Math.round(ttlMs))])));
  }
}
