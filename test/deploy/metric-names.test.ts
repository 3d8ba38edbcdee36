import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runProgram, waitForOk, type RunningProgram } from '../support/processes';
import { freePort, RedisServer } from '../support/redis-server';

/** Every metric family a node exports, with the series names a histogram or summary expands to. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, kind] = match as unknown as [string, string, string];
    names.add(name);
    if (kind === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(name + suffix);
    if (kind === 'summary') for (const suffix of ['_count', '_sum']) names.add(name + suffix);
  }
  return names;
}

/** Metric names in PromQL: ours all start with sluice_ (label names never do). */
const used = (expressions: string[]) => [...new Set(expressions.flatMap((e) => [...e.matchAll(/\bsluice_[a-z0-9_]+/g)].map((m) => m[0])))].sort();

const ruleExpressions = (parse(readFileSync('deploy/prometheus/rules.yml', 'utf8')) as { groups: { rules: { expr: string }[] }[] }).groups.flatMap((g) =>
  g.rules.map((r) => r.expr),
);
interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
}
const dashboard = JSON.parse(readFileSync('deploy/grafana/sluice-dashboard.json', 'utf8')) as { panels: Panel[] };
const dashboardExpressions = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

describe('the metric names in deploy/ exist on a real node', () => {
  const redis = new RedisServer();
  let node: RunningProgram;
  let scraped: Set<string>;

  beforeAll(async () => {
    await redis.start();
    const [port, metricsPort] = [await freePort(), await freePort()];
    node = runProgram('server/main.ts', {
      SLUICE_MODE: 'training',
      REDIS_URL: redis.url,
      SLUICE_KEY_PREFIX: 'metricnames',
      PORT: String(port),
      SLUICE_METRICS_PORT: String(metricsPort),
      SLUICE_DEMO_PASSWORD: 'metric-names-demo-password',
    });
    await waitForOk(`http://127.0.0.1:${port}/readyz`, node);
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    scraped = exportedNames(await res.text());
    // The public port has none.
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
  }, 90_000);

  afterAll(async () => {
    node?.kill();
    await node?.exited;
    await redis.stop();
  });

  it('every metric in the alert rules', () => {
    const names = used(ruleExpressions);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !scraped.has(n))).toEqual([]);
  });

  it('every metric on the Grafana dashboard', () => {
    const names = used(dashboardExpressions);
    expect(names.length).toBeGreaterThan(15);
    expect(names.filter((n) => !scraped.has(n))).toEqual([]);
  });

  it('the dashboard: every panel but the row headers queries Prometheus, and the concurrency panel is the largest', () => {
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    for (const panel of panels) expect(panel.targets?.length ?? 0, panel.title).toBeGreaterThan(0);
    const area = (p: Panel) => {
      const g = (p as Panel & { gridPos: { w: number; h: number } }).gridPos;
      return g.w * g.h;
    };
    const largest = [...panels].sort((a, b) => area(b) - area(a))[0];
    expect(largest?.title).toMatch(/^Concurrency/);
  });
});
