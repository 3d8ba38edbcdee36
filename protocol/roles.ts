import Type, { type Static } from 'typebox';

/** Operator roles. */
export const ROLES = ['viewer', 'commander', 'trainer', 'admin'] as const;
export const RoleSchema = Type.Enum(ROLES);
export type Role = Static<typeof RoleSchema>;

/** What an operator may do from the console. */
export type Action = 'controls:update' | 'alert:ack' | 'incident:note' | 'drill:run' | 'audit:read' | 'history:read' | 'notice:post';

/** What the answer depends on besides the role. */
export interface ActionContext {
  drillRunning: boolean;
}

/**
 * Who may do what: the one rule book the gateway enforces and the console reads to decide which
 * levers to show. Controls belong to the commander, and to a trainer while a drill runs.
 */
export function may(role: Role, action: Action, context: ActionContext): boolean {
  switch (action) {
    case 'controls:update':
      return role === 'commander' || (role === 'trainer' && context.drillRunning);
    case 'notice:post':
      // A notice reaches every citizen page: the commander's (and admin's) voice, a trainer's only in a drill.
      return role === 'commander' || role === 'admin' || (role === 'trainer' && context.drillRunning);
    case 'alert:ack':
    case 'incident:note':
      return role !== 'viewer';
    case 'drill:run':
      return role === 'trainer' || role === 'admin';
    case 'audit:read':
    case 'history:read':
      return true;
  }
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
