import type { FastifyReply, FastifyRequest } from 'fastify';
import { boundObserver } from './bound-observer';
import type { Metrics } from './metrics';

/** The route label of answers no route gave (not found, refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

export type ObserveLatency = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * Observes one route's answers in the latency histogram (and counts them as served), its label
 * sets (method x status) resolved once: the last one used is checked first, as a route answers
 * mostly one way.
 */
function routeLatency(metrics: Metrics, route: string): ObserveLatency {
  const byKey = new Map<string, (seconds: number) => void>();
  let lastStatus = 0;
  let lastMethod = '';
  let last: (seconds: number) => void = () => undefined;
  return (request, reply) => {
    const status = reply.statusCode;
    const method = request.method;
    if (status !== lastStatus || method !== lastMethod) {
      const key = `${method} ${status}`;
      let observe = byKey.get(key);
      if (!observe) byKey.set(key, (observe = boundObserver(metrics.httpDuration, { method, route, status: String(status) })));
      last = observe;
      lastStatus = status;
      lastMethod = method;
    }
    last(reply.elapsedTime / 1000);
    metrics.served.count++;
  };
}

const observers = new WeakMap<Metrics, Map<string, ObserveLatency>>();

/** The latency observer of `route` (a route's URL pattern, or UNMATCHED_ROUTE), one per route and metrics. */
export function latencyObserver(metrics: Metrics, route: string): ObserveLatency {
  let byRoute = observers.get(metrics);
  if (!byRoute) observers.set(metrics, (byRoute = new Map<string, ObserveLatency>()));
  let observe = byRoute.get(route);
  if (!observe) byRoute.set(route, (observe = routeLatency(metrics, route)));
  return observe;
}
