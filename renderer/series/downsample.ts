/** A chart row: a time and one value per series (null where unknown). */
export type Row = { at: number } & Record<string, number | null>;

/** Charts never plot more points than this per series; longer windows are averaged into buckets. */
export const MAX_POINTS = 300;

/**
 * Averages consecutive rows into at most `maxPoints` buckets (rows arrive at ~1 Hz, so equal
 * counts are equal time spans). Each bucket sits at its mean time; nulls do not drag a mean down.
 */
export function downsample(rows: readonly Row[], maxPoints = MAX_POINTS): readonly Row[] {
  if (rows.length <= maxPoints) return rows;
  const size = Math.ceil(rows.length / maxPoints);
  const first = rows[0];
  if (!first) return rows;
  const keys = Object.keys(first).filter((k) => k !== 'at');
  const out: Row[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const end = Math.min(start + size, rows.length);
    let atSum = 0;
    const sums = new Array<number>(keys.length).fill(0);
    const counts = new Array<number>(keys.length).fill(0);
    for (let i = start; i < end; i++) {
      const row = rows[i] as Row;
      atSum += row.at;
      for (let k = 0; k < keys.length; k++) {
        const value = row[keys[k] as string];
        if (typeof value === 'number' && Number.isFinite(value)) {
          sums[k]! += value;
          counts[k]! += 1;
        }
      }
    }
    const bucket: Row = { at: Math.round(atSum / (end - start)) } as Row;
    for (let k = 0; k < keys.length; k++) {
      bucket[keys[k] as string] = counts[k] ? (sums[k] as number) / (counts[k] as number) : null;
    }
    out.push(bucket);
  }
  return out;
}
