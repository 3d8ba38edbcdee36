import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Logger, LogFn } from 'pino';

/**
 * A logger whose pino child is made on first use. Fastify makes a child with the request id for
 * every request, and a status poll almost never logs: handing Fastify a root whose `child()` is
 * lazy spares each request a pino child (and, unlike a `childLoggerFactory`, Fastify's check of
 * every child it is given). What it writes, once made, is what the pino child would write.
 */
class LazyLogger implements FastifyBaseLogger {
  constructor(
    private readonly parent: LazyLogger | null,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
    private made?: Logger,
  ) {}

  private real(): Logger {
    return (this.made ??= this.parent!.real().child(this.bindings, this.options));
  }

  get level(): string {
    return this.made?.level ?? this.options.level ?? this.parent!.level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  /** Fastify checks a route's log level against these. */
  get levels(): Logger['levels'] {
    return this.real().levels;
  }

  fatal(...args: Parameters<LogFn>): void {
    this.real().fatal(...args);
  }

  error(...args: Parameters<LogFn>): void {
    this.real().error(...args);
  }

  warn(...args: Parameters<LogFn>): void {
    this.real().warn(...args);
  }

  info(...args: Parameters<LogFn>): void {
    this.real().info(...args);
  }

  debug(...args: Parameters<LogFn>): void {
    this.real().debug(...args);
  }

  trace(...args: Parameters<LogFn>): void {
    this.real().trace(...args);
  }

  silent(...args: Parameters<LogFn>): void {
    this.real().silent(...args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return new LazyLogger(this, bindings, options ?? {});
  }
}

/** Fastify's `loggerInstance`: `root` itself, whose children (and theirs) are made when they first log. */
export function lazyChildren(root: Logger): FastifyBaseLogger {
  return new LazyLogger(null, {}, {}, root);
}
