/** Time source; tests inject a manual clock so admission over minutes runs in milliseconds. */
export interface Clock {
  now(): number;
  /**
   * Every node reads this one clock (a test's manual clock shared by its nodes), so its time may
   * stand in for the store's. Otherwise each node's clock is its own and may be off by seconds:
   * the admission tick then takes its time from the store.
   */
  readonly shared?: boolean;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  readonly shared = true;
  constructor(private current = Date.UTC(2021, 7, 9, 11, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
