import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const rules = (parse(readFileSync('deploy/prometheus/rules.yml', 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

describe('deploy/prometheus/rules.yml', () => {
  it('covers what the situation room must hear about', () => {
    const names = rules.map((r) => r.alert);
    for (const name of [
      'SluiceNodeDown',
      'SluiceEventLoopLag',
      'SluiceStoreDown',
      'SluiceAdmissionStalled',
      'SluiceQueueWaitLong',
      'SluiceProviderRed',
      'SluiceProviderErrors',
      'SluiceBookingErrors',
      'SluiceBookingFailuresHigh',
    ]) {
      expect(names).toContain(name);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('every rule waits (for:), has a severity and says what to do', () => {
    for (const rule of rules) {
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning', 'info'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.action?.length ?? 0, rule.alert).toBeGreaterThan(40);
    }
  });

  it('node down reads the scrape job that prometheus.yml defines', () => {
    const config = parse(readFileSync('deploy/prometheus/prometheus.yml', 'utf8')) as { scrape_configs: { job_name: string }[]; rule_files: string[] };
    expect(config.scrape_configs.map((c) => c.job_name)).toContain('sluice');
    expect(config.rule_files).toEqual(['rules.yml']);
    for (const rule of rules.filter((r) => r.expr.includes('up{'))) expect(rule.expr).toContain('up{job="sluice"}');
  });
});
