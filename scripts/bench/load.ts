/** Runs the load generator (load-generator.ts) in a process of its own and reads back what it measured. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startScript } from './processes.js';

/** One prepared POST: path with its query, and body. */
export interface PreparedRequest {
  path: string;
  body: string;
}

/** What the load generator is asked to do (written to a file it reads). */
export interface LoadSpec {
  /** Base URL of the server under test. */
  url: string;
  connections: number;
  /** Measured seconds (unless `amount` is set). */
  seconds?: number;
  /** Send exactly this many requests instead of running for `seconds`. */
  amount?: number;
  /** Seconds of unmeasured load first, so that the server's JIT and pools are warm. */
  warmupSeconds?: number;
  /** Requests a second over all connections (an offered load); unset, each connection sends as fast as answered. */
  rate?: number;
  requests: PreparedRequest[];
}

/** What the load generator measured. Latencies are of 2xx answers; rps counts 2xx answers. */
export interface LoadReport {
  /** Epoch ms at which the generator started sending. */
  startedAt: number;
  seconds: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50_ms: number;
  p99_ms: number;
  rps: number;
  /** Requests that had to reuse a prepared request because the list ran out (a server sees those as retries). */
  reused: number;
  /** Every 2xx response time in ms, so that several runs' percentiles can be taken together. */
  latencies: number[];
}

/** p50 and p99 in ms (two decimals) of response times. */
export function latencySummary(latencies: number[]): { p50_ms: number; p99_ms: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
  return { p50_ms: at(0.5), p99_ms: at(0.99) };
}

/** Several runs against one server as one: counts and seconds added, percentiles over all responses. */
export function combineLoads(reports: LoadReport[]): LoadReport {
  const sum = (pick: (r: LoadReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const latencies = reports.flatMap((r) => r.latencies);
  const seconds = Number(sum((r) => r.seconds).toFixed(2));
  return {
    startedAt: Math.min(...reports.map((r) => r.startedAt)),
    seconds, requests: sum((r) => r.requests), ok: sum((r) => r.ok), non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts), ...latencySummary(latencies), rps: Math.round(sum((r) => r.ok) / seconds), reused: sum((r) => r.reused), latencies,
  };
}

let specCount = 0;

/** Writes `spec` under `workDir`, runs the generator on it and returns its report. */
export async function runLoad(spec: LoadSpec, workDir: string): Promise<LoadReport> {
  const file = join(workDir, `load-${++specCount}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const generator = startScript('scripts/bench/load-generator.ts', [file], {});
  const code = await generator.exited;
  const line = generator.output().trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`load generator failed (exit ${code}):\n${generator.output()}`);
  return JSON.parse(line) as LoadReport;
}
