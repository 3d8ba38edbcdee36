import type { LeaseStore } from '../port';

interface Held {
  holder: string;
  token: number;
  until: number;
}

export class MemoryLeaseStore implements LeaseStore {
  private readonly held = new Map<string, Held>();
  private readonly tokens = new Map<string, number>();
  private readonly notes = new Map<string, { note: string; until: number }>();

  async acquire(name: string, holder: string, ttlMs: number, now: number): Promise<number | null> {
    const current = this.live(name, now);
    if (current && current.holder !== holder) return null;
    if (current) {
      current.until = now + ttlMs;
      return current.token;
    }
    const token = (this.tokens.get(name) ?? 0) + 1;
    this.tokens.set(name, token);
    this.held.set(name, { holder, token, until: now + ttlMs });
    return token;
  }

  async release(name: string, holder: string): Promise<void> {
    if (this.held.get(name)?.holder === holder) this.held.delete(name);
  }

  async putNote(name: string, token: number, note: string, ttlMs: number, now: number): Promise<boolean> {
    if (!this.holds(name, token, now)) return false;
    this.notes.set(name, { note, until: now + ttlMs });
    return true;
  }

  async note(name: string, now: number): Promise<string | null> {
    const note = this.notes.get(name);
    return note && note.until > now ? note.note : null;
  }

  /** Whether `token` holds the lease now: the fence the controls store checks. */
  holds(name: string, token: number, now: number): boolean {
    return this.live(name, now)?.token === token;
  }

  private live(name: string, now: number): Held | undefined {
    const held = this.held.get(name);
    if (held && held.until <= now) {
      this.held.delete(name);
      return undefined;
    }
    return held;
  }
}
