import type { Controls, ControlsPatch } from '../../../protocol';

/**
 * A commander's manual rate change always wins: it pauses the autopilot (recording who and when)
 * until someone enables it again. Changing the rate and enabling it in one patch hands the new
 * rate to the autopilot instead. Enabling it clears the pause.
 */
export function applyManualOverride(before: Controls, next: Controls, patch: ControlsPatch, actor: string | null, at: number): Controls {
  const enabling = patch.autoThrottle?.enabled === true;
  if (enabling) return { ...next, autoThrottle: { ...next.autoThrottle, pausedBy: null, pausedAt: null } };
  const rateChanged = next.admissionRatePerSec !== before.admissionRatePerSec;
  if (before.autoThrottle.enabled && next.autoThrottle.enabled && rateChanged) {
    return { ...next, autoThrottle: { ...next.autoThrottle, enabled: false, pausedBy: actor ?? 'unknown', pausedAt: at } };
  }
  return next;
}
