/**
 * tsx scripts/bench/load-generator.ts <spec.json>
 *
 * The load generator, run as a process of its own so that it never shares an event loop with a server under
 * test (see load.ts, which starts it). Sends the spec's prepared requests with autocannon at a fixed number of
 * connections, each request taken once in turn across all connections, and prints one JSON line: `LoadReport`.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { latencySummary, type LoadReport, type LoadSpec } from './load.js';

const specFile = process.argv[2];
if (!specFile) throw new Error('usage: load-generator.ts <spec.json>');
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as LoadSpec;

// autocannon gives every connection its own iterator over `requests`, so a plain list would have every
// connection send the same callbacks (the bot would take all but the first as WeCom retries). One request with
// a setupRequest over a shared counter hands each prepared callback out exactly once.
let next = 0;
let reused = 0;
const takeNext = (request: autocannon.Request): autocannon.Request => {
  const prepared = spec.requests[next % spec.requests.length]!;
  if (next >= spec.requests.length) reused++;
  next++;
  return { ...request, path: prepared.path, body: prepared.body };
};

// autocannon's own histogram keeps whole milliseconds; a bare route answers in about one, so the response
// times are kept here at full precision (2xx only, like autocannon's figures).
const latencies: number[] = [];
const startedAt = Date.now();
const instance = autocannon({
  url: spec.url,
  connections: spec.connections,
  pipelining: 1,
  timeout: 30,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds }),
  ...(spec.warmupSeconds ? { warmup: { connections: spec.connections, duration: spec.warmupSeconds } } : {}),
  method: 'POST',
  headers: { 'content-type': 'text/xml' },
  requests: [{ setupRequest: takeNext }],
});
instance.on('response', (_client, statusCode, _bytes, ms) => {
  if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
});
const result = await instance;

const report: LoadReport = {
  startedAt,
  seconds: result.duration,
  requests: result.requests.total,
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  ...latencySummary(latencies),
  rps: Math.round(result['2xx'] / result.duration),
  reused,
  latencies,
};
console.log(JSON.stringify(report));
