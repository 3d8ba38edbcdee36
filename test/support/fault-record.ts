import { appendFileSync } from 'node:fs';

/** One fault or input campaign a test put the system through, and what it survived. */
export interface FaultRecord {
  fault: string;
  load: string;
  outcome: string;
}

/**
 * Appends a line to the file named by SLUICE_FAULT_RECORD (set by `npm run test:faults`), from which
 * scripts/faults-readme.ts writes the README's table. Without the variable it records nothing.
 */
export function recordFault(record: FaultRecord): void {
  const file = process.env.SLUICE_FAULT_RECORD;
  if (file) appendFileSync(file, `${JSON.stringify(record)}\n`);
}
