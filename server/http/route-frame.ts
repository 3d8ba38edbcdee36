import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { latencyObserver, UNMATCHED_ROUTE } from '../metrics/http-latency';
import type { Metrics } from '../metrics/metrics';
import { securityHeadersFor } from './security-headers';

/**
 * What every answer carries and records, fitted to each route as it is registered (an onRoute
 * hook) rather than run as request hooks: its security headers, and its latency in the histogram,
 * observed when the handler's answer is ready (before it is serialized and written). Each kind
 * of request hook costs every request a run of Fastify's hook runner (its closures and a call per
 * hook), the onResponse one a listener's worth more: on a status poll, more than the headers and
 * the observation themselves. Answers that are errors get both from the error handler
 * (`frameError`), those no route gave from the not-found handler.
 */
export function frameEveryRoute(metrics: Metrics): (route: RouteOptions) => void {
  return (route) => {
    const headers = securityHeadersFor(route.url);
    const observe = latencyObserver(metrics, route.url);
    const handler = route.handler as (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown;
    route.handler = function framed(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply): unknown {
      reply.headers(headers);
      const answer = handler.call(this, request, reply);
      if (answer instanceof Promise) {
        // A rejection is the error handler's to observe.
        return answer.then((value: unknown) => {
          observe(request, reply);
          return value;
        });
      }
      observe(request, reply);
      return answer;
    };
  };
}

/**
 * An error's answer: the security headers (a hook may have refused the request before the
 * handler set them) and, once sent, its latency under the route that failed (or `unmatched`).
 */
export function frameError(request: FastifyRequest, reply: FastifyReply, route: string, send: () => void): void {
  reply.headers(securityHeadersFor(request.url));
  send();
  latencyObserver(reply.server.metrics, route)(request, reply);
}

/** The route label of a request that failed: its route's URL pattern, or `unmatched`. */
export const routeOf = (request: FastifyRequest): string => (request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE));
