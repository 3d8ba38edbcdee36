import type { Mode } from '../../protocol/environment';
import { NO_DRILL } from '../../protocol';
import type { Store } from './port';

/**
 * The store as a node of `mode` may see it. Training and live may share one Redis (a rehearsal
 * the day before): the drill flag is training state, so a live node reads none and starts none,
 * whatever a training node left behind. (Demo operators are refused by the operator directory.)
 */
export function scopeToMode(store: Store, mode: Mode): Store {
  if (mode === 'training') return store;
  const drillFree: Store['console'] = Object.create(store.console) as Store['console'];
  drillFree.drill = async () => ({ ...NO_DRILL });
  drillFree.startDrill = async () => false;
  drillFree.stopDrill = async () => null;
  const drillsFree: Store['drills'] = Object.create(store.drills) as Store['drills'];
  drillsFree.progress = async () => null;
  drillsFree.endDrill = async () => null;
  return { ...store, console: drillFree, drills: drillsFree };
}

/** What a training run left in a store that a live node is about to use: a description per kind, empty when clean. */
export async function trainingResidue(store: Store): Promise<string[]> {
  const [drill, operators] = await Promise.all([store.console.drill(), store.operators.list()]);
  const found: string[] = [];
  if (drill.running) found.push(`a drill flag (scenario ${drill.scenario ?? 'unknown'})`);
  const demo = operators.filter((o) => o.demo).map((o) => o.username);
  if (demo.length > 0) found.push(`demo operators ${demo.join(', ')} (remove them with \`npm run operator -- remove NAME\`)`);
  return found;
}
