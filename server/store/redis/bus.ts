import type { Redis } from 'ioredis';
import type { Bus, BusHandler } from '../port';
import { guarded } from './connection';

/** Redis pub/sub; the subscriber connection resubscribes by itself after a reconnect. */
export class RedisBus implements Bus {
  private readonly handlers = new Map<string, Set<BusHandler>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(message);
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
