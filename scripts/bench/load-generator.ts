/**
 * tsx scripts/bench/load-generator.ts <spec.json>
 *
 * The load generator, run as a process of its own so that it never shares an event loop with a server under
 * test (see load.ts, which starts it). Sends the spec's prepared requests with autocannon at a fixed number of
 * connections, each request taken once in turn across all connections — or, with `rate`, on a fixed schedule over
 * at most that many connections — and prints one JSON line: `LoadReport`.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
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
async function closedLoop(): Promise<LoadReport> {
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
  return report;
}

/**
 * An open loop: request i is sent at start + i / rate, whether or not earlier ones were answered, and its time is
 * counted from then (a request kept waiting for a free connection waits on the clock). autocannon's
 * `overallRate` instead lets every connection send as fast as it can until the second's quota is used, so each
 * second begins with a burst that saturates the server under test.
 */
async function openLoop(rate: number): Promise<LoadReport> {
  const target = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  const counts = { requests: 0, ok: 0, non2xx: 0, errors: 0, timeouts: 0 };
  const warmupMs = (spec.warmupSeconds ?? 0) * 1000;
  const total = Math.round(((spec.seconds ?? 0) * 1000 + warmupMs) * (rate / 1000));
  const startedAt = Date.now();
  const origin = performance.now();
  const dueAt = (index: number) => origin + (index * 1000) / rate;
  const send = (measured: boolean) =>
    new Promise<void>((resolve) => {
      const prepared = takeNext({});
      const sentAt = performance.now();
      const req = httpRequest(
        { host: target.hostname, port: target.port, path: prepared.path, method: 'POST', agent, timeout: 30_000, headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(prepared.body ?? '') } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (measured) {
              counts.requests++;
              const status = res.statusCode ?? 0;
              if (status >= 200 && status < 300) {
                counts.ok++;
                latencies.push(performance.now() - sentAt);
              } else counts.non2xx++;
            }
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        if (measured) counts.timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        if (measured) counts.errors++;
        resolve();
      });
      req.end(prepared.body);
    });
  const pending: Array<Promise<void>> = [];
  // Timers wake about every millisecond; whatever fell due meanwhile goes out at once (no busy wait: the
  // generator shares the machine's cores with the servers under test).
  for (let index = 0; index < total; ) {
    const now = performance.now();
    for (; index < total && dueAt(index) <= now; index++) pending.push(send(dueAt(index) - origin >= warmupMs));
    if (index < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt(index) - performance.now())));
  }
  await Promise.all(pending);
  agent.destroy();
  const seconds = (performance.now() - origin - warmupMs) / 1000;
  return {
    startedAt, seconds: Number(seconds.toFixed(2)), ...counts, ...latencySummary(latencies),
    rps: Math.round(counts.ok / seconds), reused, latencies,
  };
}

console.log(JSON.stringify(spec.rate ? await openLoop(spec.rate) : await closedLoop()));
