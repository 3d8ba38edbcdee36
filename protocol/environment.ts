import Type, { type Static, type TSchema } from 'typebox';
import Value from 'typebox/value';

/**
 * Every environment variable of the server, the simulator and the scripts: one TypeBox schema
 * with its type, range, default, meaning and the programs that read it. It lives in `protocol/`
 * because every program reads it (the simulator may not import the server). The README's
 * configuration tables are generated from it (`npm run config:readme`).
 */

/** Where `npm run server` listens unless PORT says otherwise. */
export const SERVER_PORT = 8080;
/** Where the identity-provider simulator listens, and so where the server looks for providers by default. */
export const PROVIDERS_PORT = 8090;

/** The programs that read the environment, by the command that starts them. */
export const PROGRAMS = {
  server: 'npm run server',
  start: 'npm start',
  providers: 'npm run providers',
  console: 'npm run console',
  operator: 'npm run operator',
  sim: 'npm run sim',
  runner: 'npm run drill-runner',
} as const;
export type Program = keyof typeof PROGRAMS;

/** What the README says about a variable, beside its type. */
interface About {
  /** One line. */
  description: string;
  programs: readonly Program[];
  /** The default in words, when it is not one fixed value (it depends on the program, or is random). */
  defaultText?: string;
  /** What a string must look like, in words (for a `pattern`). */
  allowedText?: string;
}

export type VariableSchema = TSchema & About & { default?: unknown };

const SERVER: readonly Program[] = ['server', 'start'];
const MAX = Number.MAX_SAFE_INTEGER;

const whole = (minimum: number, maximum: number, fallback: number, about: About) => Type.Integer({ minimum, maximum, default: fallback, ...about });
const share = (fallback: number, about: About) => Type.Number({ minimum: 0, maximum: 1, default: fallback, ...about });
const text = (about: About) => Type.Optional(Type.String({ minLength: 1, ...about }));
const url = (schemes: 'http' | 'redis', about: Omit<About, 'allowedText'> & { default?: string }) =>
  schemes === 'redis'
    ? // redis+cluster://host:port,host:port,… names a Redis Cluster by its seed nodes.
      Type.String({ pattern: '^redis(s|\\+cluster)?://', allowedText: 'a redis://, rediss:// or redis+cluster://host:port,… URL', ...about })
    : Type.String({ pattern: `^${schemes}s?://`, allowedText: `an ${schemes}:// or ${schemes}s:// URL`, ...about });

const PROXY_ENTRY = '(?:[0-9A-Fa-f:.]+(?:/[0-9]{1,3})?|loopback|linklocal|uniquelocal)';
/** `false`, a hop count, or a comma-separated list of proxy addresses/CIDRs (never `true`: that trusts any client's header). */
export const TRUST_PROXY_PATTERN = `^(?:false|[0-9]{1,3}|${PROXY_ENTRY}(?: *, *${PROXY_ENTRY})*)$`;

const MODES = ['training', 'live'] as const;
const CONSOLE_OPENERS = ['auto', 'desktop', 'browser', 'none'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const ModeSchema = Type.Enum(MODES);
export const LogLevelSchema = Type.Enum(LOG_LEVELS);
export type Mode = Static<typeof ModeSchema>;
export type LogLevel = Static<typeof LogLevelSchema>;

const NODE = {
  PORT: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 65535,
      description: 'where the server listens (`npm run providers`: where the simulator listens)',
      programs: ['server', 'start', 'providers'],
      defaultText: `\`${SERVER_PORT}\`; the simulator \`${PROVIDERS_PORT}\``,
    }),
  ),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'the address to listen on', programs: ['server', 'start', 'providers'] }),
  SLUICE_MODE: Type.Optional(
    Type.Enum(MODES, {
      description: '`training` (drills, demo logins) or `live`',
      programs: SERVER,
      defaultText: '`training` for `npm start`, `live` for `npm run server`',
    }),
  ),
  REDIS_URL: Type.Optional(
    url('redis', {
      description: 'Redis; unset = embedded memory store (one process). `npm run operator` needs it',
      programs: ['server', 'start', 'operator'],
      defaultText: 'unset',
    }),
  ),
  SLUICE_KEY_PREFIX: Type.String({
    pattern: '^[^{}]+$',
    allowedText: 'text without `{` or `}`',
    default: 'sluice',
    description: 'Redis key prefix; every key is under the hash tag `{prefix}` (Redis Cluster safe)',
    programs: ['server', 'start', 'operator'],
  }),
  SLUICE_SECRET: text({
    description:
      'signing key for tickets and tokens; required in `live`, where it must be random (≥ 32 chars, ≥ 128 bits estimated): `openssl rand -base64 48`',
    programs: SERVER,
    defaultText: 'random per start in `training`',
  }),
  SLUICE_DEPLOYMENT: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
      allowedText: '1-64 of A-Z a-z 0-9 . _ -',
      description: "this deployment's name, signed into every token with the mode: a token from another deployment or mode is refused",
      programs: SERVER,
      defaultText: 'the key prefix',
    }),
  ),
  SLUICE_NODE_ID: text({ description: "this node's name on the console", programs: SERVER, defaultText: 'host-pid-random' }),
  SLUICE_TRUST_PROXY: Type.String({
    pattern: TRUST_PROXY_PATTERN,
    default: 'false',
    description: 'which proxies may set `X-Forwarded-For`: none, the number of hops in front, or their addresses (never any client: see *Abuse limits*)',
    allowedText: '`false`, a number of hops, or a comma-separated list of addresses or CIDRs',
    programs: SERVER,
  }),
  SLUICE_METRICS_PORT: whole(0, 65535, 9464, {
    description: 'Prometheus `/metrics` listens on its own port, never on the public one (0 = off)',
    programs: SERVER,
  }),
  SLUICE_METRICS_HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'the address the metrics port listens on', programs: SERVER }),
  SLUICE_CONSOLE_ORIGINS: Type.String({
    pattern: '^[a-z][a-z0-9+.-]*://[^/,\\s]+(,[a-z][a-z0-9+.-]*://[^/,\\s]+)*$',
    allowedText: 'origins (`scheme://host[:port]`) separated by commas',
    default: 'sluice://app',
    description: "pages that may open the console socket besides the server's own origin (the desktop app is `sluice://app`)",
    programs: SERVER,
  }),
  LOG_LEVEL: Type.Enum(LOG_LEVELS, {
    default: 'info',
    description: 'pino level (the simulator logs unless `silent`)',
    programs: ['server', 'start', 'providers'],
    defaultText: '`info`; `warn` under `npm start`',
  }),
};

const ADMISSION = {
  SLUICE_TICK_MS: whole(0, MAX, 100, { description: 'how often this node runs the leaderless admission tick (0 = off)', programs: SERVER }),
  SLUICE_CONTROLS_REFRESH_MS: whole(0, MAX, 1000, {
    description: 'how often this node re-reads the controls from the store, besides the change broadcast (0 = off)',
    programs: SERVER,
  }),
  SLUICE_CLAIM_WINDOW_SEC: whole(0, MAX, 120, {
    description: 'an admitted ticket not claimed within this window gives its capacity back',
    programs: SERVER,
  }),
  SLUICE_TICKET_TTL_SEC: whole(0, MAX, 12 * 3600, { description: 'lifetime of a waiting-room ticket', programs: SERVER }),
  SLUICE_JOINS_PER_SEC_PER_IP: whole(0, MAX, 100, {
    description: 'join limit per address (carriers put thousands behind one address)',
    programs: SERVER,
  }),
  SLUICE_JOINS_PER_MIN_PER_CLIENT: whole(0, MAX, 10, { description: 'join limit per client id', programs: SERVER }),
  SLUICE_LIVE_WINDOW_SEC: whole(0, MAX, 30, {
    description: 'a waiting citizen counts as live when they polled within this window or the one before',
    programs: SERVER,
  }),
  SLUICE_MAX_POLL_MS: whole(0, MAX, 20_000, { description: 'the longest `pollAfterMs` a far-back citizen is told', programs: SERVER }),
  SLUICE_HEARTBEAT_SAMPLE_EVERY: whole(1, 1_000_000, 32, {
    description: 'one waiting ticket in this many (by number) sends a liveness heartbeat; live waiting is estimated from them',
    programs: SERVER,
  }),
  SLUICE_HEARTBEAT_SEC: whole(1, 3600, 30, { description: 'how often a sampled waiting ticket sends its heartbeat', programs: SERVER }),
};

const BOOKING = {
  SLUICE_EVENT_START: text({
    description: "when the calendar's first window opens",
    allowedText: 'an ISO time (checked when the server builds the calendar)',
    programs: SERVER,
    defaultText: "live: the calendar's own; training: start-up",
  }),
  SLUICE_EVENT_FILE: text({ description: 'eligibility calendar', programs: SERVER, defaultText: '`data/event-2021.json`' }),
  SLUICE_SLOTS_FILE: text({
    description: 'slot inventory, loaded into the store once (never resets remaining seats)',
    programs: SERVER,
    defaultText: '`data/slots-2021.json`',
  }),
};

const IDENTITY = {
  PROVIDERS_URL: Type.Optional(
    url('http', {
      description: 'base URL of the identity providers (the simulator in drills)',
      programs: [...SERVER, 'runner'],
      defaultText: `\`http://127.0.0.1:${PROVIDERS_PORT}\`; \`npm start\` runs the simulator there`,
    }),
  ),
  SLUICE_HEALTH_SYNC_MS: whole(0, MAX, 1000, {
    description: "how often this node merges provider health with the other nodes' (0 = off)",
    programs: SERVER,
  }),
  SLUICE_IDENTITY_TIMEOUT_MS: whole(0, MAX, 5000, {
    description: 'a provider call slower than this answers 504 `provider_timeout`',
    programs: SERVER,
  }),
  SLUICE_IDENTITY_TOKEN_TTL_SEC: whole(0, MAX, 30 * 60, { description: 'identity token lifetime', programs: SERVER }),
  SLUICE_REVERIFY_AFTER_SEC: whole(0, MAX, 10 * 60, {
    description: 'one verification per person, and one device, per this long (2021 rule)',
    programs: SERVER,
  }),
  SLUICE_HEALTH_WINDOW_SEC: whole(1, 300, 10, { description: 'provider health window (1-s buckets merged across nodes)', programs: SERVER }),
  SLUICE_LIGHT_YELLOW_P95_MS: whole(0, MAX, 2000, { description: 'yellow when p95 latency is above this', programs: SERVER }),
  SLUICE_LIGHT_YELLOW_SUCCESS_RATE: share(0.95, { description: 'yellow when the success rate is below this', programs: SERVER }),
  SLUICE_LIGHT_RED_SUCCESS_RATE: share(0.8, { description: 'red when the success rate is below this', programs: SERVER }),
  SLUICE_LIGHT_RED_TIMEOUT_RATE: share(0.1, { description: 'red when this share of calls timed out', programs: SERVER }),
  SLUICE_LIGHT_RED_BUSY_RATE: share(0.2, { description: "red when this share of attempts found the provider's lane full", programs: SERVER }),
  SLUICE_LIGHT_MIN_REQUESTS: whole(0, MAX, 5, { description: 'calls in the window before rates count', programs: SERVER }),
  SLUICE_BREAKER_FAILURE_RATE: share(0.5, {
    description: 'circuit breaker (per provider per node): share of failed calls that opens it',
    programs: SERVER,
  }),
  SLUICE_BREAKER_WINDOW_CALLS: whole(1, MAX, 20, { description: 'circuit breaker: the failure rate is over this many last calls', programs: SERVER }),
  SLUICE_BREAKER_MIN_CALLS: whole(0, MAX, 10, { description: 'circuit breaker: calls needed before it may open', programs: SERVER }),
  SLUICE_BREAKER_HALF_OPEN_MS: whole(0, MAX, 5000, {
    description: 'circuit breaker: how long an open circuit refuses before one trial call',
    programs: SERVER,
  }),
};

const CONSOLE = {
  SLUICE_DEMO_PASSWORD: text({
    description: 'training mode seeds operators `viewer`, `commander`, `trainer`, `admin` with it (`npm run sim` logs in as `trainer` with it)',
    programs: [...SERVER, 'sim'],
    defaultText: 'random, printed once',
  }),
  SLUICE_SNAPSHOT_MS: whole(0, MAX, 1000, { description: 'console snapshot period (0 = off)', programs: SERVER }),
  SLUICE_HISTORY_SEC: whole(0, MAX, 900, { description: 'history kept and sent to a console on connect', programs: SERVER }),
  SLUICE_HISTORY_10S_HOURS: whole(0, 1000, 6, { description: "hours of 10-second history points kept (the charts' 1 h and 6 h ranges)", programs: SERVER }),
  SLUICE_HISTORY_60S_HOURS: whole(0, 1000, 24, { description: 'hours of 60-second history points kept (the whole night)', programs: SERVER }),
  SLUICE_OPERATOR_TOKEN_TTL_SEC: whole(0, MAX, 8 * 3600, {
    description: 'operator token lifetime (no refresh; the socket is closed when it expires)',
    programs: SERVER,
  }),
  SLUICE_LOGINS_PER_MIN_PER_IP: whole(0, MAX, 30, { description: 'login attempts per minute per address', programs: SERVER }),
  SLUICE_LOGINS_PER_MIN_PER_ACCOUNT: whole(0, MAX, 10, {
    description: 'login attempts per minute per account from one address (a stranger cannot lock the account out everywhere)',
    programs: SERVER,
  }),
};

const ALERTS = {
  SLUICE_ALERT_PROVIDER_RED_SEC: whole(0, MAX, 10, { description: 'alert when a provider stays red this long', programs: SERVER }),
  SLUICE_ALERT_ETA_MAX_SEC: whole(0, MAX, 3600, { description: 'alert when the ETA of the last in line stays above this…', programs: SERVER }),
  SLUICE_ALERT_ETA_FOR_SEC: whole(0, MAX, 30, { description: '…for this long', programs: SERVER }),
  SLUICE_ALERT_QUEUE_GROWING_SEC: whole(0, MAX, 120, {
    description: 'alert when the queue is deeper than the lookback before, continuously this long',
    programs: SERVER,
  }),
  SLUICE_ALERT_QUEUE_LOOKBACK_SEC: whole(0, MAX, 10, { description: 'the lookback of the growing-queue alert', programs: SERVER }),
  SLUICE_ALERT_STORE_DOWN_SEC: whole(0, MAX, 3, { description: 'alert when the store is unreachable this long', programs: SERVER }),
  SLUICE_ALERT_NODE_SILENT_SEC: whole(0, MAX, 10, { description: 'alert when a node has not reported this long', programs: SERVER }),
  SLUICE_ALERT_LAG_MS: whole(0, MAX, 200, { description: 'alert when event-loop lag stays above this…', programs: SERVER }),
  SLUICE_ALERT_LAG_SEC: whole(0, MAX, 5, { description: '…for this long', programs: SERVER }),
  SLUICE_ALERT_RESOLVE_HOLD_SEC: whole(0, MAX, 30, {
    description: "an alert resolves only after its condition stayed clear this long; a blink within it is the same alert (Prometheus' keep_firing_for)",
    programs: SERVER,
  }),
};

const AUTOPILOT = {
  SLUICE_AUTOPILOT_LEASE_MS: whole(500, MAX, 3000, {
    description: 'the auto-throttle acts from one node at a time, holding a lease this long (renewed every second); a dead leader is replaced after it',
    programs: SERVER,
  }),
  SLUICE_AUTOPILOT_CUT_FACTOR: Type.Number({
    minimum: 0.1,
    maximum: 0.95,
    default: 0.7,
    description: 'each cut multiplies the admission rate by this',
    programs: SERVER,
  }),
  SLUICE_AUTOPILOT_COOLDOWN_SEC: whole(0, MAX, 3, {
    description: 'after a cut, wait this long before cutting again (admissions made still arrive downstream)',
    programs: SERVER,
  }),
  SLUICE_AUTOPILOT_HEALTHY_SEC: whole(0, MAX, 10, { description: 'healthy this long before the first climb', programs: SERVER }),
  SLUICE_AUTOPILOT_CLIMB_SHARE: share(0.05, { description: 'each climb adds this share of the maximum rate', programs: SERVER }),
  SLUICE_AUTOPILOT_CLIMB_EVERY_SEC: whole(1, MAX, 2, { description: 'at most one climb per this many seconds', programs: SERVER }),
};

const SCRIPTS = {
  SLUICE_CONSOLE: Type.Enum(CONSOLE_OPENERS, {
    default: 'auto',
    description:
      '`npm start` opens the console: `desktop` (the Electron app), `browser` (the system browser), `none` (prints the address only); `auto` = desktop when the Electron binary is installed, else browser',
    programs: ['start'],
  }),
  PROVIDERS_PORT: whole(1, 65535, PROVIDERS_PORT, {
    description: '`npm start` runs the provider simulator on this port (unless `PROVIDERS_URL` is set)',
    programs: ['start'],
  }),
  SLUICE_SERVER: url('http', {
    default: `http://127.0.0.1:${SERVER_PORT}`,
    description: 'the server the console dev server proxies the API and Socket.IO to',
    programs: ['console'],
  }),
  SLUICE_OPERATOR_PASSWORD: text({
    description: "the new operator's password for `npm run operator -- add`",
    programs: ['operator'],
    defaultText: 'asked for on the terminal',
  }),
};

const DRILLS = {
  SLUICE_SIMULATOR_KEY: Type.Optional(
    Type.String({
      minLength: 16,
      maxLength: 256,
      description: "the drill runner's shared key: it buys a `simulator` service token (`POST /api/v1/service/token`); unset = no runner may connect",
      programs: [...SERVER, 'runner', 'sim'],
      defaultText: '`npm start`: random, shared with its runner; otherwise unset',
      allowedText: '16 to 256 characters',
    }),
  ),
  SLUICE_DRILL_RUNNER_GRACE_SEC: whole(0, 3600, 15, {
    description: 'a drill whose runner disconnected and did not come back within this long ends as failed',
    programs: SERVER,
  }),
  SERVER_URL: url('http', {
    default: `http://127.0.0.1:${SERVER_PORT}`,
    description: 'the server the drill runner connects to',
    programs: ['runner'],
  }),
  SLUICE_STORE_FAULT_URL: Type.Optional(
    url('http', {
      description:
        "the store fault proxy's control (between the server and Redis), through which a scenario's `store_blip` cuts the store; unset = a `store_blip` is noted in the report as not injected",
      programs: ['runner', 'sim'],
      defaultText: '`npm start` with a single Redis (`redis://`) in `REDIS_URL`: its own proxy; otherwise unset',
    }),
  ),
  SLUICE_BACKGROUND_CROWD: Type.Boolean({
    default: false,
    description: 'the drill runner keeps a gentle background crowd going while no drill runs (`npm start` turns it on)',
    programs: ['runner'],
  }),
};

/** The README's tables, in order. */
export const ENVIRONMENT_SECTIONS = [
  { title: 'Server node', variables: NODE },
  { title: 'Admission', variables: ADMISSION },
  { title: 'Booking', variables: BOOKING },
  { title: 'Identity providers', variables: IDENTITY },
  { title: 'Operator console', variables: CONSOLE },
  { title: 'Alerts', variables: ALERTS },
  { title: 'Drills', variables: DRILLS },
  { title: 'Auto-throttle', variables: AUTOPILOT },
  { title: 'Scripts and the console dev server', variables: SCRIPTS },
] as const;

export const ENVIRONMENT = Type.Object({ ...NODE, ...ADMISSION, ...BOOKING, ...IDENTITY, ...CONSOLE, ...ALERTS, ...DRILLS, ...AUTOPILOT, ...SCRIPTS });
/** The environment, parsed: variables with a fixed default are always there. */
export type EnvironmentValues = Static<typeof ENVIRONMENT>;
export type VariableName = keyof EnvironmentValues;

/** Every fixed default. */
export const ENVIRONMENT_DEFAULTS = Value.Default(ENVIRONMENT, {}) as EnvironmentValues;

export function variableSchema(name: VariableName): VariableSchema {
  return ENVIRONMENT.properties[name] as unknown as VariableSchema;
}

/** What a variable accepts, in words: used by the error messages and the README. */
export function allowedText(schema: VariableSchema): string {
  const s = schema as VariableSchema & { type?: string; enum?: string[]; minimum?: number; maximum?: number };
  if (s.enum) return `one of ${s.enum.join(', ')}`;
  if (s.type === 'boolean') return 'true or false';
  if (s.type === 'integer' || s.type === 'number') {
    const kind = s.type === 'integer' ? 'a whole number' : 'a number';
    return s.maximum === undefined || s.maximum >= MAX ? `${kind} ≥ ${s.minimum ?? 0}` : `${kind} from ${s.minimum ?? 0} to ${s.maximum}`;
  }
  return s.allowedText ?? 'text';
}

/** A bad value in the environment: the message names the variable, the value given and what is allowed. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

function fromText(schema: VariableSchema, raw: string): unknown {
  const type = (schema as { type?: string }).type;
  if (type === 'integer' || type === 'number') return Number(raw);
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/**
 * The variables `program` reads, checked against the schema. An unset or empty variable is left
 * out (the caller applies its default); a bad one throws an EnvironmentError.
 */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>, program: Program): Partial<EnvironmentValues> {
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(ENVIRONMENT.properties) as VariableName[]) {
    const schema = variableSchema(name);
    if (!schema.programs.includes(program)) continue;
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const value = fromText(schema, raw);
    if (!Value.Check(schema, value)) throw new EnvironmentError(`${name} must be ${allowedText(schema)}, got "${raw}"`);
    values[name] = value;
  }
  return values;
}
