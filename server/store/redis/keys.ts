/** All keys share one hash tag, so every Lua script's keys sit on one Redis Cluster slot. */
export function keyspace(prefix: string) {
  const tag = `{${prefix}}`;
  return (name: string): string => `${tag}:${name}`;
}
export type Keyspace = ReturnType<typeof keyspace>;
