import type { DrillState } from '../../protocol';

export const NO_DRILL: DrillState = Object.freeze({ running: false, id: null, scenario: null, startedAt: null, scale: null });
