import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { allowedText, ENVIRONMENT_SECTIONS, PROGRAMS, variableSchema, type VariableName, type VariableSchema } from '../protocol/environment';

/**
 * The README's configuration tables, generated from protocol/environment.ts.
 * `npx tsx scripts/config-table.ts` prints them; `--write` (`npm run config:readme`) puts them
 * into README.md between the markers.
 */

export const START_MARKER = '<!-- config:start -->';
export const END_MARKER = '<!-- config:end -->';
export const README = 'README.md';

function defaultCell(schema: VariableSchema): string {
  if (schema.defaultText) return schema.defaultText;
  return schema.default === undefined ? 'unset' : `\`${JSON.stringify(schema.default).replace(/^"|"$/g, '')}\``;
}

function row(name: VariableName): string {
  const schema = variableSchema(name);
  const cells = [`\`${name}\``, schema.description, allowedText(schema), defaultCell(schema), schema.programs.join(', ')];
  return `| ${cells.join(' | ')} |`;
}

export function configTables(): string {
  const legend = Object.entries(PROGRAMS)
    .map(([program, command]) => `\`${program}\` = \`${command}\``)
    .join(', ');
  const lines = [
    `Generated from \`protocol/environment.ts\` by \`npm run config:readme\`; edit the schema, not these tables.`,
    'A bad value stops the program at start-up with a message naming the variable. An empty',
    `variable counts as unset. Read by: ${legend}.`,
  ];
  for (const section of ENVIRONMENT_SECTIONS) {
    lines.push('', `**${section.title}**`, '', '| variable | meaning | allowed | default | read by |', '|---|---|---|---|---|');
    for (const name of Object.keys(section.variables) as VariableName[]) lines.push(row(name));
  }
  return lines.join('\n');
}

/** The README with the text between the markers replaced by the current tables. */
export function withConfigTables(readme: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`${README} has no ${START_MARKER} … ${END_MARKER} section`);
  return `${readme.slice(0, start + START_MARKER.length)}\n${configTables()}\n${readme.slice(end)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--write')) {
    writeFileSync(README, withConfigTables(readFileSync(README, 'utf8')));
    console.log(`${README}: configuration tables rewritten`);
  } else {
    console.log(configTables());
  }
}
