import type { Store } from '../../server/store';
import type { RedisStore } from '../../server/store/redis';

/**
 * Everything a Redis store holds under its key prefix, key by key (DUMP: type, value and encoding
 * in one string), to tell whether anything at all changed between two moments.
 */
export async function storeContents(store: Store): Promise<Map<string, string>> {
  const { redis, key } = store as RedisStore;
  const contents = new Map<string, string>();
  const pattern = `${key('').replace(/[*?[\]]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    for (const k of keys) {
      const dumped = await redis.dumpBuffer(k);
      if (dumped) contents.set(k, dumped.toString('hex'));
    }
  } while (cursor !== '0');
  return contents;
}

/** The keys added, removed or changed from `before` to `after`. */
export function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}
