import type { DesktopAlertNotice, DesktopChannel, DesktopIpc } from '../../protocol/desktop';
import { appPageOf, type AppPage } from './appUrl';

/** What the main process knows about who sent an IPC message (from `event.senderFrame`). */
export interface SenderFacts {
  /** `event.senderFrame.url`; undefined when the frame is gone. */
  url: string | undefined;
  /** False for an iframe (there should be none; an injected one gets nothing). */
  isMainFrame: boolean;
}

/** Which bundled page may use each channel: only the connect screen may change the server. */
const SENDERS: Record<DesktopChannel, readonly AppPage[]> = {
  'sluice:alert:notify': ['console'],
  'sluice:window:flash': ['console'],
  'sluice:server:get': ['console', 'connect'],
  'sluice:server:set': ['connect'],
  'sluice:wall:set': ['console'],
};

export function isTrustedSender(channel: DesktopChannel, sender: SenderFacts): boolean {
  const page = appPageOf(sender.url);
  return sender.isMainFrame && page !== null && SENDERS[channel].includes(page);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const SEVERITIES = new Set(['info', 'warning', 'critical']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function isText(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

function parseNotice(payload: unknown): Parsed<DesktopAlertNotice> {
  if (!isRecord(payload)) return { ok: false, reason: 'notice must be an object' };
  const keys = Object.keys(payload).sort().join(',');
  if (keys !== 'alertId,body,drill,severity,title') return { ok: false, reason: `unexpected notice fields: ${keys}` };
  const { alertId, severity, title, body, drill } = payload;
  if (!isText(alertId, 1, 128)) return { ok: false, reason: 'alertId must be 1-128 characters' };
  if (typeof severity !== 'string' || !SEVERITIES.has(severity)) return { ok: false, reason: 'unknown severity' };
  if (!isText(title, 1, 200)) return { ok: false, reason: 'title must be 1-200 characters' };
  if (!isText(body, 0, 1000)) return { ok: false, reason: 'body must be at most 1000 characters' };
  if (typeof drill !== 'boolean') return { ok: false, reason: 'drill must be a boolean' };
  return { ok: true, value: { alertId, severity: severity as DesktopAlertNotice['severity'], title, body, drill } };
}

function parseNothing(payload: unknown): Parsed<null> {
  return payload === undefined || payload === null ? { ok: true, value: null } : { ok: false, reason: 'no payload expected' };
}

type Parsers = { [C in DesktopChannel]: (payload: unknown) => Parsed<DesktopIpc[C]['payload']> };

/** One schema check per channel: exact fields, types and sizes; anything else is refused. */
const PARSERS: Parsers = {
  'sluice:alert:notify': parseNotice,
  'sluice:window:flash': parseNothing,
  'sluice:server:get': parseNothing,
  // The URL itself is judged by parseServerUrl; here only its shape.
  'sluice:server:set': (payload) => (isText(payload, 1, 2048) ? { ok: true, value: payload } : { ok: false, reason: 'url must be 1-2048 characters' }),
  'sluice:wall:set': (payload) => (typeof payload === 'boolean' ? { ok: true, value: payload } : { ok: false, reason: 'wall mode must be a boolean' }),
};

export function parsePayload<C extends DesktopChannel>(channel: C, payload: unknown): Parsed<DesktopIpc[C]['payload']> {
  const parse = PARSERS[channel] as (payload: unknown) => Parsed<DesktopIpc[C]['payload']>;
  return parse(payload);
}

/** Sender first, then payload: the verdict the IPC layer acts on. */
export function admitIpc<C extends DesktopChannel>(channel: C, sender: SenderFacts, payload: unknown): Parsed<DesktopIpc[C]['payload']> {
  if (!isTrustedSender(channel, sender)) return { ok: false, reason: `untrusted sender ${sender.url ?? '(gone)'} on ${channel}` };
  return parsePayload(channel, payload);
}
