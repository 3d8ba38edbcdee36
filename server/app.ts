import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance, type RouteOptions } from 'fastify';
import { pino, type DestinationStream } from 'pino';
import { bookingPlugin } from './booking/plugin';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { consolePlugin } from './console/plugin';
import { ControlsService } from './control/controls-service';
import { drillsPlugin } from './drills/plugin';
import { apiRoutes, API_PREFIX } from './http/api-routes';
import { authenticatePlugin } from './http/authenticate';
import { citizenStatic } from './http/citizen-static';
import { consoleStatic } from './http/console-static';
import { answerFrameworkError, errorHandler } from './http/error-handler';
import { healthRoutes } from './http/health';
import { lazyChildren } from './http/lazy-request-logger';
import { openApiPlugin } from './http/openapi';
import { rateLimitOptions, trustProxyOption } from './http/rate-limits';
import { frameEveryRoute } from './http/route-frame';
import { identityPlugin } from './identity/plugin';
import { createMetrics, type Metrics } from './metrics/metrics';
import { metricsPlugin } from './metrics/plugin';
import { noticesPlugin } from './notices/plugin';
import { openStore, type Store } from './store';
import { scopeToMode, trainingResidue } from './store/mode-scope';
import { Tokens } from './tokens/tokens';
import { WaitingRoom } from './waiting-room/waiting-room';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    store: Store;
    clock: Clock;
    tokens: Tokens;
    metrics: Metrics;
    controls: ControlsService;
    waitingRoom: WaitingRoom;
  }
}

/** How often each node checks the store's epoch (see Store.epoch). */
const EPOCH_CHECK_MS = 5000;

export interface AppDeps {
  /** A store shared with other app instances (tests); otherwise opened from config and closed with the app. */
  store?: Store;
  clock?: Clock;
  /** Told of every route as it is registered (the API document's test compares them). */
  onRoute?: (route: RouteOptions) => void;
  /** Where the log lines go (stdout by default). */
  logDestination?: DestinationStream;
}

export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: lazyChildren(pino({ level: config.logLevel }, deps.logDestination)),
    bodyLimit: 16 * 1024,
    trustProxy: trustProxyOption(config.trustProxy),
    // Unknown fields are refused, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors: answerFrameworkError,
  });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  const clock = deps.clock ?? systemClock;
  const opened = deps.store ?? (await openStore(config));
  if (config.mode === 'live') {
    const residue = await trainingResidue(opened);
    if (residue.length > 0) app.log.warn({ residue }, `this store holds what a training run left: ${residue.join('; ')}. A live node ignores it`);
  }
  const store = scopeToMode(opened, config.mode);
  const controls = new ControlsService(store, config.controlsRefreshMs);
  const metrics = createMetrics(config.nodeId, () => waitingRoom);
  app.addHook('onRoute', frameEveryRoute(metrics));
  const waitingRoom: WaitingRoom = new WaitingRoom(store, controls, config, clock, (tick) => metrics.admissions.inc(tick.admitted));

  app.decorate('config', config);
  app.decorate('store', store);
  app.decorate('clock', clock);
  const epoch = await store.epoch();
  app.decorate('tokens', new Tokens({ secret: config.secret, deployment: config.deployment, mode: config.mode, epoch }, clock));
  app.decorate('metrics', metrics);
  app.decorate('controls', controls);
  app.decorate('waitingRoom', waitingRoom);

  await controls.start();
  await waitingRoom.start();
  // A store wiped while nodes run (a Redis restarted without persistence) starts its counters
  // again: the first node to notice makes a new epoch, every node adopts it, old tokens die.
  const epochCheck = setInterval(() => {
    store.epoch().then(
      (current) => {
        if (current === app.tokens.epoch) return;
        app.log.warn({ before: app.tokens.epoch, after: current }, 'the store has a new epoch (it was wiped): tokens issued before are refused');
        app.tokens.adoptEpoch(current);
      },
      () => {},
    );
  }, EPOCH_CHECK_MS);
  epochCheck.unref();
  app.addHook('onClose', async () => {
    clearInterval(epochCheck);
    waitingRoom.stop();
    controls.stop();
    if (!deps.store) await store.close();
  });

  await app.register(errorHandler);
  await app.register(openApiPlugin);
  await app.register(authenticatePlugin);
  await app.register(rateLimit, rateLimitOptions(store));
  await app.register(metricsPlugin);
  await app.register(healthRoutes);
  await app.register(identityPlugin);
  await app.register(bookingPlugin);
  await app.register(noticesPlugin);
  await app.register(consolePlugin);
  await app.register(drillsPlugin);
  await app.register(apiRoutes, { prefix: API_PREFIX });
  await app.register(consoleStatic);
  await app.register(citizenStatic);
  return app;
}
