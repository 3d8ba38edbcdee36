import type { Redis } from 'ioredis';
import type { Bus, BusHandler } from '../port';
import { guarded } from './connection';

/**
 * Redis pub/sub. After a reconnect the bus subscribes again itself (ioredis's own resubscription is
 * off: its SUBSCRIBE has no error handler, so a connection recycled or closed before the reply would
 * leave an unhandled rejection).
 */
export class RedisBus implements Bus {
  private readonly handlers = new Map<string, Set<BusHandler>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    subscriber.options.autoResubscribe = false;
    subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(message);
    });
    subscriber.on('ready', () => {
      const channels = [...this.handlers.keys()];
      // A failure here means the connection dropped again: the next 'ready' tries again.
      if (channels.length > 0) this.subscriber.subscribe(...channels).catch(() => {});
    });
  }

  publish(channel: string, message: string): Promise<void> {
    return guarded(async () => {
      await this.publisher.publish(this.prefix + channel, message);
    });
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => void> {
    const full = this.prefix + channel;
    let set = this.handlers.get(full);
    if (!set) {
      set = new Set();
      this.handlers.set(full, set);
      await this.subscriber.subscribe(full);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }
}
