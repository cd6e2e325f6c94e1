/**
 * Callback acknowledgement: latency and throughput of POST /wecom/callback on the bot's web role, beside a bare
 * Koa route and a naive design that stores and replies inside the request, under the same fixed concurrent load.
 */
import { Queue } from 'bullmq';
import { queueNames } from '../../src/queue/names.js';
import { prepareCallbacks } from './callbacks.js';
import type { BenchEnvironment } from './environment.js';
import { combineLoads, runLoad, type LoadReport } from './load.js';
import { startScript, type ScriptProcess } from './processes.js';

export interface AckOptions {
  connections: number;
  /** Measured seconds per server, over all rounds. */
  seconds: number;
  /** The servers take turns this many times, so that a change in the machine's other load falls on all three. */
  rounds: number;
  /** Unmeasured seconds before each server's first round (JIT, connection pools). */
  warmupSeconds: number;
  /**
   * The offered load of the second measurement, in requests a second over all connections: latency where no
   * server is saturated. At saturation a closed loop's latency is its connections over its throughput, so the first
   * measurement compares throughput; this one compares the time each request takes.
   */
  pacedRate: number;
}

/** Each server's figures under one load. */
export interface ServerLoads {
  bot: LoadReport;
  bare: LoadReport;
  /** The least any acknowledging design must do (see reference-server.ts). */
  floor: LoadReport;
  naive: LoadReport;
}

/** The servers' figures, from one run: as fast as each answers, and at the same offered rate. */
export interface AckFigures extends ServerLoads {
  paced: ServerLoads & { rate: number };
}

/** More callbacks a second than any of the servers answers on a small machine, so none is sent twice. */
const callbacksPerSecond = 5000;

async function listeningUrl(server: ScriptProcess): Promise<string> {
  const line = await server.waitFor(/^listening /);
  return line.slice('listening '.length).trim();
}

/**
 * Loads the servers in turn — bare, floor, naive, then the bot at `botUrl` — for `rounds` rounds, each run with
 * callbacks of its own. The bot's worker is not running: what is measured is the acknowledgement, and the
 * callbacks it and the floor server kept are dropped afterwards.
 */
export async function measureAck(env: BenchEnvironment, botUrl: string, options: AckOptions): Promise<AckFigures> {
  const floorKey = `${env.runId}:bench-floor`;
  const bare = startScript('scripts/bench/reference-server.ts', ['bare'], {});
  const floor = startScript('scripts/bench/reference-server.ts', ['floor'], { REDIS_URL: env.redisUrl, QUEUE_KEY: floorKey });
  const naive = startScript('scripts/bench/reference-server.ts', ['naive'], { MONGODB_URI: env.uri(env.databases.naive) });
  try {
    const urls = { bare: await listeningUrl(bare), floor: await listeningUrl(floor), naive: await listeningUrl(naive), bot: botUrl };
    const servers = ['bare', 'floor', 'naive', 'bot'] as const;
    const runs: Record<keyof ServerLoads, LoadReport[]> = { bare: [], floor: [], naive: [], bot: [] };
    const pacedRuns: Record<keyof ServerLoads, LoadReport[]> = { bare: [], floor: [], naive: [], bot: [] };
    const seconds = options.seconds / options.rounds;
    let batch = 0;
    const load = (server: (typeof servers)[number], warmupSeconds: number, rate?: number) => {
      // Built just before the run: each callback's timestamp must be inside the bot's 300 s replay window.
      const requests = prepareCallbacks({
        count: Math.ceil((seconds + warmupSeconds) * (rate ?? callbacksPerSecond) * 1.2), users: env.staff, content: '帮助', msgIdPrefix: `1${String(batch++).padStart(2, '0')}${Date.now() % 1e8}`,
      });
      return runLoad({ url: urls[server], connections: options.connections, seconds, warmupSeconds, requests, ...(rate ? { rate } : {}) }, env.workDir);
    };
    for (let round = 0; round < options.rounds; round++) {
      for (const server of servers) {
        runs[server].push(await load(server, round === 0 ? options.warmupSeconds : 0));
        pacedRuns[server].push(await load(server, 0, options.pacedRate));
      }
    }
    await dropQueued(env);
    await env.redis.del(floorKey);
    const combine = (reports: Record<keyof ServerLoads, LoadReport[]>): ServerLoads =>
      ({ bare: combineLoads(reports.bare), floor: combineLoads(reports.floor), naive: combineLoads(reports.naive), bot: combineLoads(reports.bot) });
    return { ...combine(runs), paced: { rate: options.pacedRate, ...combine(pacedRuns) } };
  } finally {
    await Promise.all([bare.stop(), floor.stop(), naive.stop()]);
  }
}

/** Drops the callbacks the bot queued during the measurement, so that its worker starts the pipeline with none. */
async function dropQueued(env: BenchEnvironment): Promise<void> {
  const inbound = new Queue(queueNames.inbound, { connection: env.redis, prefix: env.runId });
  await inbound.obliterate({ force: true });
  await inbound.close();
}
