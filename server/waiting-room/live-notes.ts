/**
 * Ticket numbers noted on every poll, handed over once a second as distinct numbers. A note is an
 * array push: a Set's insert on every status poll cost the poll about 0.05 of its throughput
 * against bare Fastify, and a waiting citizen rarely polls twice within the second anyway. The
 * duplicates are dropped when the notes are taken, or sooner if they pile up (`compactAt`).
 */
export class LiveNotes {
  private notes: number[] = [];

  constructor(private readonly compactAt = 1_000_000) {}

  note(number: number): void {
    if (this.notes.push(number) >= this.compactAt) this.notes = distinct(this.notes);
  }

  get size(): number {
    return this.notes.length;
  }

  /** The distinct numbers noted since the last take. */
  take(): number[] {
    const taken = distinct(this.notes);
    this.notes = [];
    return taken;
  }
}

function distinct(numbers: number[]): number[] {
  return [...new Set(numbers)];
}
