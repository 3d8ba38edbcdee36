import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PROVIDER_IDS, type FaultSpec } from '../../protocol';
import { Crowd, DEFAULT_CROWD_LIMITS } from '../crowd/crowd';
import { loadScenario } from '../crowd/run-scenario';

export const BACKGROUND_SCENARIO = fileURLToPath(new URL('./background.yaml', import.meta.url));
/** How often a little provider noise (a latency blip on one provider) is added. */
const NOISE_EVERY_MS = 45_000;

export interface BackgroundOptions {
  serverUrl: string;
  providersUrl: string;
  log: (line: string) => void;
}

/**
 * The gentle background crowd of the training setup: the `background` scenario's citizens over
 * and over, plus a short latency blip on a random provider now and then. It makes way for a
 * drill (`pause`) and comes back after (`resume`); the blips it injected are cleared when it pauses.
 */
export class BackgroundCrowd {
  private crowd: Crowd | null = null;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private noise: NodeJS.Timeout | null = null;
  private readonly faults = new Set<string>();

  constructor(private readonly options: BackgroundOptions) {}

  resume(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.segments();
    this.noise = setInterval(() => void this.blip(), NOISE_EVERY_MS);
    this.noise.unref();
  }

  async pause(): Promise<void> {
    this.running = false;
    if (this.noise) clearInterval(this.noise);
    this.noise = null;
    this.crowd?.stop();
    await this.loop;
    await Promise.all([...this.faults].map((id) => this.clear(id)));
  }

  private async segments(): Promise<void> {
    const scenario = loadScenario(BACKGROUND_SCENARIO);
    while (this.running) {
      const crowd = new Crowd(scenario, {
        serverUrl: this.options.serverUrl,
        scale: scenario.scale,
        timeFactor: scenario.timeFactor,
        maxCitizens: 500,
        graceSec: DEFAULT_CROWD_LIMITS.graceSec,
        runTag: `bg${randomBytes(3).toString('hex')}`,
      });
      this.crowd = crowd;
      try {
        await crowd.run(Date.now());
      } catch (err) {
        this.options.log(`background crowd: ${err instanceof Error ? err.message : String(err)}`);
        if (this.running) await new Promise((resolve) => setTimeout(resolve, 5000));
      }
    }
    this.crowd = null;
  }

  private async blip(): Promise<void> {
    const provider = PROVIDER_IDS[Math.floor(Math.random() * PROVIDER_IDS.length)]!;
    const spec: FaultSpec = { provider, kind: 'latency', latencyMs: 400, jitterMs: 600, durationSec: 15 };
    try {
      const res = await fetch(new URL('/faults', this.options.providersUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      });
      const body = (await res.json()) as { id?: string };
      if (res.ok && body.id) {
        const id = body.id;
        this.faults.add(id);
        setTimeout(() => this.faults.delete(id), spec.durationSec! * 1000).unref();
      }
    } catch {
      // the providers are away: no noise this time
    }
  }

  private async clear(id: string): Promise<void> {
    this.faults.delete(id);
    await fetch(new URL(`/faults/${id}`, this.options.providersUrl), { method: 'DELETE' }).then(
      (res) => res.arrayBuffer(),
      () => undefined,
    );
  }
}
