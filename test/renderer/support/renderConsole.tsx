import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { Ack, ControlsUpdatePayload, DrillStartPayload, HistoryRangeReply, NoticeClearPayload, NoticePostPayload, Role } from '../../../protocol';
import { LiveStore } from '../../../renderer/connection/liveStore';
import { SessionContext, type ConsoleCommands } from '../../../renderer/connection/session';
import { LiveStoreContext } from '../../../renderer/connection/useLive';
import { createI18n, type Language } from '../../../renderer/i18n/i18n';

/**
 * The commands a panel sent, answered like the gateway would (`ok` unless told otherwise).
 * The socket is the boundary here; the e2e test drives the real one.
 */
export class RecordingCommands implements ConsoleCommands {
  readonly controls: ControlsUpdatePayload[] = [];
  readonly acks: string[] = [];
  readonly notes: string[] = [];
  answer: Ack = { ok: true };
  async updateControls(payload: ControlsUpdatePayload): Promise<Ack> {
    this.controls.push(payload);
    return this.answer;
  }
  async ackAlert(id: string): Promise<Ack> {
    this.acks.push(id);
    return this.answer;
  }
  async addNote(text: string): Promise<Ack> {
    this.notes.push(text);
    return this.answer;
  }
  readonly notices: (NoticePostPayload | NoticeClearPayload)[] = [];
  async postNotice(payload: NoticePostPayload): Promise<Ack> {
    this.notices.push(payload);
    return this.answer;
  }
  async clearNotice(payload: NoticeClearPayload): Promise<Ack> {
    this.notices.push(payload);
    return this.answer;
  }
  readonly drills: (DrillStartPayload | 'stop')[] = [];
  async startDrill(payload: DrillStartPayload): Promise<Ack> {
    this.drills.push(payload);
    return this.answer;
  }
  async stopDrill(): Promise<Ack> {
    this.drills.push('stop');
    return this.answer;
  }
  readonly ranges: { from: number; to: number }[] = [];
  /** What `history:range` answers: points from `pastPoints` inside the asked range, in `pastBucketSec` buckets. */
  pastPoints: HistoryRangeReply['points'] = [];
  pastBucketSec = 60;
  async historyRange(from: number, to: number): Promise<HistoryRangeReply | null> {
    this.ranges.push({ from, to });
    return { bucketSec: this.pastBucketSec, points: this.pastPoints.filter((p) => p.at >= from && p.at <= to) };
  }
}

export interface ConsoleHarness extends RenderResult {
  store: LiveStore;
  commands: RecordingCommands;
  clock: { now: number };
}

/** Renders a panel over a real LiveStore, in English unless asked, as an operator of `role`. */
export function renderConsole(ui: ReactNode, options: { role?: Role; language?: Language; store?: LiveStore; clock?: { now: number } } = {}): ConsoleHarness {
  const clock = options.clock ?? { now: Date.UTC(2021, 7, 9, 11, 5, 0) };
  const store = options.store ?? new LiveStore(() => clock.now);
  const commands = new RecordingCommands();
  const session = { serverUrl: 'http://127.0.0.1:1', username: options.role ?? 'commander', token: 't', role: options.role ?? 'commander', expiresAt: 0 };
  const result = render(
    <I18nextProvider i18n={createI18n(options.language ?? 'en')}>
      <LiveStoreContext.Provider value={store}>
        <SessionContext.Provider value={{ session, commands }}>{ui}</SessionContext.Provider>
      </LiveStoreContext.Provider>
    </I18nextProvider>,
  );
  return { ...result, store, commands, clock };
}
