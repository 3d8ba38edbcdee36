import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import Value from 'typebox/value';
import {
  DrillProgressSchema,
  type DrillProgress,
  RunnerAuthSchema,
  ScenarioSummarySchema,
  type RunnerAck,
  type RunnerClientEvents,
  type RunnerRun,
  type RunnerServerEvents,
  type ScenarioSummary,
} from '../../protocol';
import Type from 'typebox';
import { authenticateToken } from '../tokens/token-refusals';

export interface RunnerSocketData {
  scenarios: ScenarioSummary[];
  /** The drill this runner is running, or null. */
  drillId: string | null;
}

type RunnerNamespace = Namespace<RunnerClientEvents, RunnerServerEvents, Record<string, never>, RunnerSocketData>;
type RunnerSocket = Socket<RunnerClientEvents, RunnerServerEvents, Record<string, never>, RunnerSocketData>;

/** A connected runner, on whichever node it reached. */
export interface RunnerInfo {
  id: string;
  scenarios: ScenarioSummary[];
  drillId: string | null;
}

const ScenarioList = Type.Array(ScenarioSummarySchema, { maxItems: 200 });
const RUN_ACK_MS = 5000;

/**
 * The `/runner` namespace: drill runners connect with a service token, advertise their scenarios
 * and stream progress. With several nodes the Socket.IO adapter carries `fetchSockets` and the
 * relayed `run` / `stop` to whichever node the runner reached.
 */
export class RunnerGateway extends EventEmitter<{
  progress: [DrillProgress];
  /** A runner that was running `drillId` disconnected (on this node). */
  lost: [string];
}> {
  private readonly nsp: RunnerNamespace;

  constructor(app: FastifyInstance) {
    super();
    this.nsp = app.consoleGateway.io.of('/runner') as unknown as RunnerNamespace;
    this.nsp.use((socket, next) => {
      const auth = Value.Check(RunnerAuthSchema, socket.handshake.auth) ? socket.handshake.auth : null;
      const checked = authenticateToken(app.tokens, 'service', auth?.token);
      if (!checked.ok) {
        app.log.info({ error: checked.code, address: socket.handshake.address }, 'drill runner connection refused');
        return next(Object.assign(new Error(checked.code), { data: { message: checked.message } }));
      }
      socket.data.scenarios = [];
      socket.data.drillId = auth?.drillId ?? null;
      next();
    });
    this.nsp.on('connection', (socket: RunnerSocket) => {
      app.log.info({ runner: socket.id, drillId: socket.data.drillId }, 'drill runner connected');
      socket.on('scenarios', (list: unknown) => {
        if (Value.Check(ScenarioList, list)) socket.data.scenarios = list;
        else app.log.warn({ runner: socket.id }, 'drill runner advertised scenarios that do not fit the schema');
      });
      socket.on('progress', (progress: unknown) => {
        if (!Value.Check(DrillProgressSchema, progress)) return;
        // Set here, on the runner's own node, whichever node relayed the run.
        socket.data.drillId = progress.drillId;
        this.emit('progress', progress);
      });
      socket.on('disconnect', (reason) => {
        app.log.info({ runner: socket.id, reason }, 'drill runner disconnected');
        if (socket.data.drillId) this.emit('lost', socket.data.drillId);
      });
    });
  }

  /** Every connected runner, cluster-wide. */
  async runners(): Promise<RunnerInfo[]> {
    const sockets = await this.nsp.fetchSockets();
    return sockets.map((s) => ({ id: s.id, scenarios: s.data.scenarios ?? [], drillId: s.data.drillId ?? null }));
  }

  /** Hands a drill to one runner; its ack says whether it took it. */
  async run(runner: string, run: RunnerRun): Promise<RunnerAck> {
    try {
      const acks = await this.nsp.to(runner).timeout(RUN_ACK_MS).emitWithAck('run', run);
      const ack = acks[0];
      if (!ack) return { ok: false, message: 'the runner did not answer' };
      const local = this.nsp.sockets.get(runner);
      if (ack.ok && local) local.data.drillId = run.drillId;
      return ack;
    } catch {
      return { ok: false, message: 'the runner did not answer in time' };
    }
  }

  /** Tells every runner to stop the drill (only the one running it does anything). */
  stop(drillId: string): void {
    this.nsp.emit('stop', { drillId });
  }

  /** Whether some runner, on any node, is running `drillId` (it came back after a blip). */
  async running(drillId: string): Promise<boolean> {
    return (await this.runners()).some((r) => r.drillId === drillId);
  }

  close(): void {
    this.nsp.disconnectSockets(true);
  }
}
