/**
 * npm run bench [-- --json <file>] [--quick] [--seconds N] [--rounds N] [--connections N] [--messages N]
 *                   [--sizes 10000,100000] [--budget-minutes N]
 *
 * Measures on this machine, in one run, and prints Markdown tables (not part of npm test):
 * - callback acknowledgement of the bot's web role beside a bare Koa route and a naive store-in-the-request
 *   design, under the same load from autocannon in a process of its own (scripts/bench/ack.ts);
 * - the pipeline from callback to handled record with the worker role running, beside a raw insertMany
 *   ceiling and a BullMQ no-op processor (pipeline.ts, baselines.ts);
 * - peak RSS of the web and worker processes after that load (process-stats.ts);
 * - the deadline sweep at growing numbers of recommendations with a fixed number due (sweep.ts).
 * Uses the embedded services unless REDIS_URL / MONGODB_URI are set; a fresh database name and queue prefix
 * per run, dropped and cleaned at the end. Exits 0 whether targets are met or not; non-zero if the bench fails.
 * --quick uses small sizes (a minute or two); the full run keeps under --budget-minutes (default 18) by
 * skipping sweep sizes whose projected time would not fit.
 * BENCH_CPU_PROF=<dir> makes every child process (the bot's roles, the reference servers, the load generator) write
 * a V8 CPU profile into <dir> when it exits: where a role's CPU goes under the load.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { measureAck, type AckOptions } from './bench/ack.js';
import { bullmqNoop, insertCeiling, insertOneRate } from './bench/baselines.js';
import { startWebRole, startWorkerRole } from './bench/bot-roles.js';
import { openEnvironment, type BenchEnvironment } from './bench/environment.js';
import { measurePipeline } from './bench/pipeline.js';
import type { ScriptProcess } from './bench/processes.js';
import { toJson, toMarkdown, type BenchFigures } from './bench/report.js';
import { peakRssMb } from './bench/process-stats.js';
import { measureSweep } from './bench/sweep.js';

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    messages: { type: 'string' },
    sizes: { type: 'string' },
    rounds: { type: 'string' },
    'paced-rate': { type: 'string' },
    'budget-minutes': { type: 'string' },
  },
});
const quick = values.quick === true;
const settings = {
  connections: Number(values.connections ?? 32),
  seconds: Number(values.seconds ?? (quick ? 3 : 12)),
  rounds: Number(values.rounds ?? (quick ? 1 : 3)),
  warmupSeconds: quick ? 1 : 2,
  // Far above the platform's demand (hundreds of messages a day) and below what every server but the naive one answers.
  pacedRate: Number(values['paced-rate'] ?? 1000),
  // Not more: on the embedded FerretDB each new message costs a scan of the collections it is stored in (see the report).
  messages: Number(values.messages ?? (quick ? 300 : 1000)),
  sizes: (values.sizes ?? (quick ? '1000,10000' : '10000,100000,1000000')).split(',').map(Number),
};
const budgetMs = Number(values['budget-minutes'] ?? 18) * 60_000;
for (const [name, value] of Object.entries({ ...settings, budgetMs })) {
  const numbers = Array.isArray(value) ? value : [value];
  if (!numbers.every((n) => Number.isInteger(n) && n > 0)) {
    console.error(`bench: ${name} must be whole positive numbers (got ${String(value)})`);
    process.exit(2);
  }
}

const started = Date.now();
/** The machine's 1-minute load average: other work on it (other people's tests) shows in every figure. */
const loadAverageAtStart = loadavg()[0] ?? 0;
/** Progress goes to stderr, so that stdout holds only the report. */
const log = (line: string) => process.stderr.write(`[bench ${Math.round((Date.now() - started) / 1000)}s] ${line}\n`);
/** Bot processes still running, stopped on the way out whatever happens. */
const running = new Set<ScriptProcess>();

async function stopProcess(child: ScriptProcess): Promise<void> {
  running.delete(child);
  await child.stop();
}

async function measureAll(env: BenchEnvironment): Promise<BenchFigures> {
  const web = await startWebRole(env);
  running.add(web.process);
  log(`web role at ${web.url}; callback acknowledgement: bare, naive, bot`);
  const ackOptions: AckOptions = { connections: settings.connections, seconds: settings.seconds, rounds: settings.rounds, warmupSeconds: settings.warmupSeconds, pacedRate: settings.pacedRate };
  const ack = await measureAck(env, web.url, ackOptions);

  log('baselines: raw insertMany ceiling, single inserts, BullMQ no-op');
  // Before the worker starts, so that nothing else of the bench runs beside them.
  const baselines = {
    insert_ceiling_per_s: await insertCeiling(env.mongo, Math.max(settings.messages, 20_000)),
    insert_one_per_s: await insertOneRate(env.mongo, Math.min(settings.messages, 2000), settings.connections),
    bullmq_noop_per_s: await bullmqNoop(env, settings.messages, settings.connections),
  };

  const worker = await startWorkerRole(env);
  running.add(worker);
  log(`pipeline: ${settings.messages} callbacks through web and worker roles`);
  const pipeline = await measurePipeline(env, { web: web.process, webUrl: web.url, worker }, { messages: settings.messages, connections: settings.connections, timeoutMs: 300_000 });
  const rss = { web: peakRssMb(web.process), worker: peakRssMb(worker) };
  await Promise.all([stopProcess(web.process), stopProcess(worker)]);

  log(`deadline sweep: ${settings.sizes.join(', ')} recommendations`);
  // Whatever is left of the budget, less a minute for clean-up and the report.
  const sweep = await measureSweep(env.mongo.useDb(env.databases.sweep), settings.sizes, started + budgetMs - 60_000, log);
  return {
    settings,
    services: env.notes,
    ack,
    pipeline: { ...pipeline, ...baselines },
    sweep,
    rss_mb: rss,
    seconds: (Date.now() - started) / 1000,
    loadAverage: { start: loadAverageAtStart, end: loadavg()[0] ?? 0 },
  };
}

async function main(): Promise<void> {
  log('starting services and the fake WeCom');
  const env = await openEnvironment();
  let closing: Promise<void> | undefined;
  const shutdown = () => (closing ??= Promise.all([...running].map(stopProcess)).then(() => env.close()));
  // Ctrl-C must not leave bot processes running or the run's data behind.
  process.once('SIGINT', () => void shutdown().finally(() => process.exit(130)));
  let figures: BenchFigures;
  try {
    figures = await measureAll(env);
  } finally {
    log('cleaning up');
    await shutdown();
  }
  figures.seconds = (Date.now() - started) / 1000;
  console.log(toMarkdown(figures));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(toJson(figures), null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
