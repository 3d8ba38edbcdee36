import { may, type DrillState, type Role } from '../../protocol';
import type { ConsoleNamespace } from '../console/console-namespace';
import type { Store } from '../store';

/** The console room of those who may run drills: they alone see the next injected fault coming. */
export const DRILL_PLANNERS = 'drill-planners';

export const plansDrills = (role: Role): boolean => may(role, 'drill:run', { drillRunning: true });

/** The drill state with the runner's latest progress, when it is this drill's. */
export async function currentDrill(store: Store): Promise<DrillState> {
  const [drill, progress] = await Promise.all([store.console.drill(), store.drills.progress()]);
  return drill.running && progress && progress.drillId === drill.id ? { ...drill, progress } : drill;
}

/** What the room sees: everything but the fault that is coming. */
export function withoutNextFault(drill: DrillState): DrillState {
  return drill.progress ? { ...drill, progress: { ...drill.progress, nextFault: null } } : drill;
}

export const drillFor = (drill: DrillState, role: Role): DrillState => (plansDrills(role) ? drill : withoutNextFault(drill));

/** Tells every console on every node: planners the whole state, the rest without the next fault. */
export function broadcastDrill(nsp: ConsoleNamespace, drill: DrillState): void {
  nsp.to(DRILL_PLANNERS).emit('drill', drill);
  nsp.except(DRILL_PLANNERS).emit('drill', withoutNextFault(drill));
}
