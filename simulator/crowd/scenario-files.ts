import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Value from 'typebox/value';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioSchema, type Scenario, type ScenarioSummary } from '../../protocol';
import { scenarioProblems } from './scenario-rules';

export const SCENARIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../scenarios');

/** A scenario file that cannot run: names the file, the field, the line (where known) and what was expected. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly line: number | null,
    readonly expected: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${field || '(top level)'}: expected ${expected}`);
    this.name = 'ScenarioError';
  }
}

/** A bundled scenario by name (`smoke`), or a YAML/JSON file by path. Throws ScenarioError; nothing runs on a bad file. */
export function loadScenario(nameOrPath: string): Scenario {
  const file = resolveScenarioFile(nameOrPath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ScenarioError(nameOrPath, '', null, `a bundled scenario (${bundledNames().join(', ')}) or a readable .yaml/.json file`);
  }
  return parseScenario(text, file);
}

/** Parses and checks scenario text; `file` names it in errors. */
export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? lineCounter.linePos(syntax.pos[0]).line;
    throw new ScenarioError(file, '', line, `valid YAML (${syntax.code.toLowerCase().replaceAll('_', ' ')}: ${firstLine(syntax.message)})`);
  }
  const raw: unknown = doc.toJS();
  const lineOf = (path: (string | number)[]) => nodeLine(doc, lineCounter, path);
  if (!Value.Check(ScenarioSchema, raw)) {
    const { path, expected } = schemaProblem(raw);
    throw new ScenarioError(file, fieldName(path), lineOf(path), expected);
  }
  const problem = scenarioProblems(raw)[0];
  if (problem) throw new ScenarioError(file, fieldName(problem.path), lineOf(problem.path), problem.expected);
  return raw;
}

export function listScenarios(): ScenarioSummary[] {
  return bundledNames().map((name) => summarise(loadScenario(name)));
}

export function summarise(scenario: Scenario): ScenarioSummary {
  const { name, description, durationSec, scale, timeFactor } = scenario;
  return { name, description: description.trim(), durationSec, scale, timeFactor, wallSec: Math.ceil(durationSec / timeFactor) };
}

function bundledNames(): string[] {
  if (!existsSync(SCENARIO_DIR)) return [];
  return readdirSync(SCENARIO_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => basename(f, extname(f)))
    .sort();
}

function resolveScenarioFile(nameOrPath: string): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath)) {
    for (const ext of ['.yaml', '.yml', '.json']) {
      const candidate = join(SCENARIO_DIR, nameOrPath + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  return resolve(nameOrPath);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function fieldName(path: (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

function pointerPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The line of the deepest node on `path` that exists (a missing field: its parent's line). */
function nodeLine(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const sub = path.slice(0, depth);
    const node = sub.length === 0 ? doc.contents : doc.getIn(sub, true);
    if (isNode(node) && node.range) {
      // A key's own line reads better than its value's for maps ("population:" rather than its first child).
      if (sub.length > 0 && isMap(node)) {
        const parent = sub.length === 1 ? doc.contents : doc.getIn(sub.slice(0, -1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === sub[sub.length - 1]);
          if (pair && isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
        }
      }
      return lineCounter.linePos(node.range[0]).line;
    }
  }
  return null;
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** The first problem TypeBox finds, said as "field: expected …". */
function schemaProblem(raw: unknown): { path: (string | number)[]; expected: string } {
  const errors = [...Value.Errors(ScenarioSchema, raw)] as unknown as SchemaError[];
  const extra = errors.find((e) => e.keyword === 'additionalProperties');
  if (extra) {
    const names = (extra.params['additionalProperties'] as string[] | undefined) ?? [];
    return { path: [...pointerPath(extra.instancePath), names[0] ?? '?'], expected: 'no such field (a typo? see protocol/scenario.ts for the fields)' };
  }
  const required = errors.find((e) => e.keyword === 'required');
  if (required) {
    const missing = (required.params['requiredProperties'] as string[] | undefined) ?? [];
    return { path: [...pointerPath(required.instancePath), missing[0] ?? '?'], expected: 'this field (it is required)' };
  }
  const first = errors.find((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf') ?? errors[0];
  if (!first) return { path: [], expected: 'a scenario' };
  const path = pointerPath(first.instancePath);
  const allowed = errors.filter((e) => e.instancePath === first.instancePath && e.keyword === 'const').map((e) => JSON.stringify(e.params['allowedValue']));
  if (allowed.length > 0) return { path, expected: `one of ${allowed.join(', ')} (got ${JSON.stringify(valueAt(raw, path))})` };
  return { path, expected: `a value that ${first.message.replace(/^must /, 'is ')} (got ${JSON.stringify(valueAt(raw, path))})` };
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let at: unknown = raw;
  for (const part of path) at = at && typeof at === 'object' ? (at as Record<string | number, unknown>)[part] : undefined;
  return at;
}
