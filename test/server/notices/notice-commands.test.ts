import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice, QueueStateReply } from '../../../protocol';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { baseUrl } from '../../support/cluster';
import { connectConsole, emitAck, nextEvent, operatorToken, type ConsoleClient } from '../console/console-client';

const KAKAO = {
  severity: 'warning' as const,
  text: { ko: '카카오 인증이 혼잡합니다. PASS를 이용해 주세요', en: 'Kakao verification is congested. Please use PASS.' },
  expiresInMin: 30,
  reason: 'kakao red for 2 minutes',
};

async function queueState(app: FastifyInstance): Promise<QueueStateReply> {
  return (await (await fetch(`${baseUrl(app)}/api/v1/queue/state`)).json()) as QueueStateReply;
}

/** Waits until the public queue state carries `match` (it is rebuilt from the board at most every second or so). */
async function stateUntil(app: FastifyInstance, match: (notices: Notice[]) => boolean): Promise<Notice[]> {
  for (const started = Date.now(); Date.now() - started < 5000; await new Promise((r) => setTimeout(r, 100))) {
    const { notices } = await queueState(app);
    if (match(notices)) return notices;
  }
  throw new Error('the queue state never carried the expected notices');
}

describe('notices from the situation room', () => {
  let app: FastifyInstance;
  let commander: ConsoleClient;
  let viewer: ConsoleClient;
  let trainer: ConsoleClient;
  let admin: ConsoleClient;

  beforeAll(async () => {
    app = await buildApp(testConfig({ console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 } }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    commander = await connectConsole(app, await operatorToken(app, 'chief', 'commander'));
    viewer = await connectConsole(app, await operatorToken(app, 'watcher', 'viewer'));
    trainer = await connectConsole(app, await operatorToken(app, 'coach', 'trainer'));
    admin = await connectConsole(app, await operatorToken(app, 'root', 'admin'));
  });
  afterAll(async () => {
    for (const socket of [commander, viewer, trainer, admin]) socket?.close();
    await app?.close();
  });

  it('a commander posts a notice: every console gets the list, the audit log has who and why, the queue state carries it', async () => {
    const seenByViewer = nextEvent(viewer, 'notices', (list) => list.length === 1);
    const ack = await emitAck(commander, 'notice:post', KAKAO);
    expect(ack).toMatchObject({ ok: true, value: { severity: 'warning', text: KAKAO.text } });
    const notice = (ack as { value: Notice }).value;
    expect(notice.expiresAt - notice.postedAt).toBe(30 * 60_000);
    expect(await seenByViewer).toEqual([notice]);

    const entry = (await app.auditLog.since(0, 100)).find((e) => e.kind === 'notice_posted');
    expect(entry).toMatchObject({ actor: 'chief', role: 'commander', reason: KAKAO.reason, after: notice, drill: false });

    expect(await stateUntil(app, (list) => list.length === 1)).toEqual([notice]);
  });

  it('refuses a viewer, and a trainer outside a drill, as forbidden; an admin may post', async () => {
    expect(await emitAck(viewer, 'notice:post', KAKAO)).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await emitAck(trainer, 'notice:post', KAKAO)).toMatchObject({ ok: false, error: 'forbidden', message: expect.stringMatching(/during a drill/) });
    expect(await emitAck(viewer, 'notice:clear', { id: 'x', reason: 'not mine' })).toMatchObject({ ok: false, error: 'forbidden' });
    const ack = await emitAck(admin, 'notice:post', { ...KAKAO, severity: 'info', text: { ko: '21시 이후 접속을 권합니다', en: 'Come after 21:00' } });
    expect(ack).toMatchObject({ ok: true });
    expect((await app.notices.fresh()).map((n) => n.text.en)).toEqual(['Come after 21:00', KAKAO.text.en]);
  });

  it('checks the payload: bad severity, empty text, expiry out of range, short reason', async () => {
    for (const bad of [
      { ...KAKAO, severity: 'panic' },
      { ...KAKAO, text: { ko: '', en: 'x' } },
      { ...KAKAO, text: { ko: 'x' } },
      { ...KAKAO, expiresInMin: 0 },
      { ...KAKAO, expiresInMin: 1441 },
      { ...KAKAO, reason: 'no' },
      { ...KAKAO, extra: true },
    ]) {
      expect(await emitAck(commander, 'notice:post', bad)).toMatchObject({ ok: false, error: 'bad_request' });
    }
  });

  it('clears a notice once (audited), then it is an unknown notice; the state drops it', async () => {
    const [newest] = await app.notices.fresh();
    const cleared = nextEvent(viewer, 'notices', (list) => !list.some((n) => n.id === newest!.id));
    expect(await emitAck(commander, 'notice:clear', { id: newest!.id, reason: 'advice no longer needed' })).toEqual({ ok: true });
    await cleared;
    expect(await emitAck(commander, 'notice:clear', { id: newest!.id, reason: 'advice no longer needed' })).toMatchObject({
      ok: false,
      error: 'unknown_notice',
    });
    const entry = (await app.auditLog.since(0, 100)).find((e) => e.kind === 'notice_cleared');
    expect(entry).toMatchObject({ actor: 'chief', reason: 'advice no longer needed', before: newest });
    await stateUntil(app, (list) => !list.some((n) => n.id === newest!.id));
  });

  it('sends the active notices to a console as it connects', async () => {
    const late = await connectConsole(app, await operatorToken(app, 'late', 'viewer'));
    try {
      const list = await nextEvent(late, 'notices', () => true);
      expect(list.map((n) => n.text.en)).toEqual([KAKAO.text.en]);
    } finally {
      late.close();
    }
  });
});
