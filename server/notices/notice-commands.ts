import type { FastifyInstance } from 'fastify';
import { may, refusal, success, type CommandEvent } from '../../protocol';
import type { CommandHandler, CommandOptions } from '../console/command-guard';
import type { ConsoleNamespace, ConsoleSocket } from '../console/console-namespace';

type Register = <E extends CommandEvent>(event: E, handler: CommandHandler<E>, options?: CommandOptions<E>) => void;

/**
 * `notice:post` and `notice:clear`: a commander (or admin; a trainer during a drill) speaks to every
 * citizen page. Each is audited with actor and reason, and every console gets the new list.
 */
export function registerNoticeCommands(app: FastifyInstance, nsp: ConsoleNamespace, socket: ConsoleSocket, command: Register): void {
  const { store, notices, auditLog } = app;
  const me = { username: socket.data.username, role: socket.data.role };
  const allowed = async () => may(me.role, 'notice:post', { drillRunning: (await store.console.drill()).running });
  const forbidden = () =>
    refusal('forbidden', me.role === 'trainer' ? 'Your role may post notices to citizens only during a drill.' : 'Your role may not post notices to citizens.');
  const broadcast = async () => nsp.emit('notices', await notices.fresh());

  command(
    'notice:post',
    async (attempt) => {
      if (!(await allowed())) return forbidden();
      if (!attempt.ok) return attempt;
      const notice = await notices.post(attempt.value);
      await auditLog.record({
        kind: 'notice_posted',
        actor: me.username,
        role: me.role,
        reason: attempt.value.reason,
        after: notice,
        text: `${notice.severity} notice to citizens for ${attempt.value.expiresInMin} min: ${notice.text.en}`,
        code: 'notice_posted',
        params: { severity: notice.severity, ko: notice.text.ko, en: notice.text.en, minutes: attempt.value.expiresInMin },
      });
      await broadcast();
      return success(notice);
    },
    { reply: true },
  );

  command('notice:clear', async (attempt) => {
    if (!(await allowed())) return forbidden();
    if (!attempt.ok) return attempt;
    const cleared = await notices.clear(attempt.value.id);
    if (!cleared) return refusal('unknown_notice', 'There is no active notice with this id (it may have expired or been cleared already).');
    await auditLog.record({
      kind: 'notice_cleared',
      actor: me.username,
      role: me.role,
      reason: attempt.value.reason,
      before: cleared,
      text: `notice taken down: ${cleared.text.en}`,
      code: 'notice_cleared',
      params: { ko: cleared.text.ko, en: cleared.text.en },
    });
    await broadcast();
    return success(cleared);
  });
}
