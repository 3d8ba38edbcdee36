/**
 * Collects the calls made in one turn of the event loop and runs them together, `maxBatch` at a
 * time: one round trip for all of them, each caller answered with its own result, or with the
 * batch's error. Under load the joins that one read of the sockets brings in leave for Redis as one
 * script call instead of one each (fewer commands for the client to build and Redis to run); when
 * idle a call waits only for the end of the turn it was made in.
 */
export class TurnBatcher<In, Out> {
  private queue: { input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];

  constructor(
    private readonly runBatch: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch: number,
  ) {}

  add(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(this.flush);
      this.queue.push({ input, resolve, reject });
      // A full batch leaves at once: the store starts on it while this node reads the rest of the turn.
      if (this.queue.length >= this.maxBatch) this.flush();
    });
  }

  private readonly flush = (): void => {
    const all = this.queue;
    this.queue = [];
    for (let i = 0; i < all.length; i += this.maxBatch) {
      const part = all.slice(i, i + this.maxBatch);
      Promise.resolve()
        .then(() => this.runBatch(part.map((p) => p.input)))
        .then((outs) => {
          if (outs.length !== part.length) throw new Error(`a batch of ${part.length} got ${outs.length} answers`);
          part.forEach((p, j) => p.resolve(outs[j]!));
        })
        .catch((err: unknown) => part.forEach((p) => p.reject(err)));
    }
  };
}
