import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { boundObserver } from './bound-observer';
import type { Metrics } from './metrics';

/** The route label of answers no route gave (not found, refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

type Observe = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * Observes one route's answers in the latency histogram, its label sets (method x status) resolved
 * once. Kept per route, not in one global hook: the global hook has to ask Fastify for the route
 * (`request.routeOptions` builds an object on every call) and hash a new label key for every answer.
 */
function routeLatency(metrics: Metrics, route: string): Observe {
  const byStatus = new Map<number, Map<string, (seconds: number) => void>>();
  return (request, reply) => {
    let byMethod = byStatus.get(reply.statusCode);
    if (!byMethod) byStatus.set(reply.statusCode, (byMethod = new Map<string, (seconds: number) => void>()));
    let observe = byMethod.get(request.method);
    if (!observe)
      byMethod.set(request.method, (observe = boundObserver(metrics.httpDuration, { method: request.method, route, status: String(reply.statusCode) })));
    observe(reply.elapsedTime / 1000);
    metrics.served.count++;
  };
}

/** An onRoute hook that gives every route its own latency hook (added before any route is registered). */
export function latencyOnEveryRoute(metrics: Metrics): (route: RouteOptions) => void {
  return (route) => {
    const observe = routeLatency(metrics, route.url);
    const hooks = route.onResponse === undefined ? [] : Array.isArray(route.onResponse) ? route.onResponse : [route.onResponse];
    route.onResponse = [
      ...hooks,
      (request, reply, done) => {
        observe(request, reply);
        done();
      },
    ];
  };
}

/** For answers no route gave: called by the not-found and framework-error handlers as they answer. */
export function unmatchedLatency(metrics: Metrics): Observe {
  return routeLatency(metrics, UNMATCHED_ROUTE);
}
