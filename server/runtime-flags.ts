/**
 * Node.js flags every server node runs with (`npm run server`, `npm start`'s node, the benchmarks'
 * targets). A young generation of 64 MB a semi-space: a node answering tens of thousands of
 * requests a second allocates a few hundred MB a second of short-lived objects, and with V8's
 * default (16 MB, grown only on demand) it spends a tenth of its time in scavenges and its
 * throughput varies by a third from one process to the next (measured: bench/README in the README's
 * Benchmarks section). Costs at most 192 MB of memory a node.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
