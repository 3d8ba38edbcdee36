import type { FastifyInstance } from 'fastify';
import { refusal } from '../../protocol';
import { OPERATORS_CHANNEL } from '../operators/operator-directory';
import { SESSION_ENDED } from '../tokens/token-refusals';
import { ackOf } from './command-guard';
import type { ConsoleNamespace, ConsoleSocket } from './console-namespace';

/**
 * Commands that still run when the account cannot be re-checked because the store is unreachable,
 * on the identity the console connected with: acknowledging this node's store-down alert needs no
 * store (it is audited, with that identity, once the store is back). Every other command is refused.
 */
const WITHOUT_STORE: ReadonlySet<unknown> = new Set(['alert:ack']);

/** How often each node re-checks its open consoles' accounts, besides the `operators` bus message. */
export const SESSION_SWEEP_MS = 2000;

/**
 * Keeps each open console's session tied to its account: every command is checked against the
 * store before it runs (refused with `invalid_token` and the socket closed when the account was
 * removed, disabled or changed), and all open sockets are re-checked every few seconds and on the
 * `operators` bus message, so a revoked operator's console is closed without waiting for a command.
 */
export async function guardOperatorSessions(app: FastifyInstance, nsp: ConsoleNamespace): Promise<() => void> {
  const stands = (socket: ConsoleSocket) => app.operators.session({ operator: socket.data.username, version: socket.data.version });

  const end = (socket: ConsoleSocket) => {
    app.log.info({ operator: socket.data.username }, 'console session ended: the account was removed, disabled or changed');
    socket.disconnect(true);
  };

  nsp.on('connection', (socket) => {
    socket.use((packet, next) => {
      stands(socket).then(
        (operator) => {
          if (operator) return next();
          const ack: unknown = packet.at(-1);
          if (typeof ack === 'function') (ack as (a: unknown) => void)(ackOf(SESSION_ENDED));
          end(socket);
        },
        () => {
          if (WITHOUT_STORE.has(packet[0])) return next();
          const ack: unknown = packet.at(-1);
          if (typeof ack === 'function') {
            (ack as (a: unknown) => void)(ackOf(refusal('store_unavailable', 'The store is unreachable; nothing was changed. Try again shortly.')));
          }
        },
      );
    });
  });

  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const verdicts = new Map<string, Promise<boolean>>();
      for (const socket of nsp.sockets.values()) {
        const key = `${socket.data.username}\n${socket.data.version}`;
        let verdict = verdicts.get(key);
        if (!verdict) {
          verdict = stands(socket).then(
            (operator) => operator !== null,
            // The store is unreachable: nobody is thrown out for that.
            () => true,
          );
          verdicts.set(key, verdict);
        }
        if (!(await verdict)) end(socket);
      }
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => void sweep(), SESSION_SWEEP_MS);
  timer.unref();
  const unsubscribe = await app.store.bus.subscribe(OPERATORS_CHANNEL, () => void sweep());
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
