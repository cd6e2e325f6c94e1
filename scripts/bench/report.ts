/** The bench's figures as JSON (`--json`) and as the Markdown tables it prints, with the targets judged. */
import { cpus } from 'node:os';
import type { AckFigures, ServerLoads } from './ack.js';
import type { LoadReport } from './load.js';
import type { PipelineFigures } from './pipeline.js';
import type { SkippedSize, SweepRow } from './sweep.js';

/** Everything one run measured. */
export interface BenchFigures {
  settings: { connections: number; seconds: number; rounds: number; warmupSeconds: number; pacedRate: number; messages: number; sizes: number[] };
  services: string[];
  ack: AckFigures;
  pipeline: PipelineFigures & { insert_ceiling_per_s: number; insert_one_per_s: number; bullmq_noop_per_s: number };
  sweep: { rows: SweepRow[]; skipped: SkippedSize[] };
  rss_mb: { web: number; worker: number };
  /** Wall-clock seconds of the whole run. */
  seconds: number;
  /** The machine's 1-minute load average when the run started and ended. */
  loadAverage: { start: number; end: number };
}

/** One target, its figure and whether it was met. */
export interface Target {
  name: string;
  figure: string;
  pass: boolean;
}

/** a / b to three significant digits, so that a small share (a pipeline at 0.0024× its ceiling) does not read 0. */
const ratio = (a: number, b: number) => Number((a / Math.max(b, 1e-9)).toPrecision(3));

/** The targets of issue #9: ack p99 ≤ 2× bare Koa; pipeline ≥ ½ the insert ceiling; sweep flat (largest ≤ 2× smallest). */
export function judgeTargets(f: BenchFigures): Target[] {
  const ackRatio = ratio(f.ack.bot.p99_ms, f.ack.bare.p99_ms);
  const pipelineShare = ratio(f.pipeline.msgs_per_s, f.pipeline.insert_ceiling_per_s);
  const first = f.sweep.rows[0];
  const largest = f.sweep.rows.at(-1);
  // The hourly deadline job runs both the digests and the follow-up reminders; the latter only where measured at every size.
  const withFollowUps = f.sweep.rows.every((r) => r.follow_up_ms !== null);
  const sweepMs = (r: SweepRow) => r.ms + (withFollowUps ? r.follow_up_ms ?? 0 : 0);
  const sweepRatio = first && largest ? ratio(sweepMs(largest), sweepMs(first)) : Number.NaN;
  const noopShare = ratio(f.pipeline.bullmq_noop_per_s, f.pipeline.insert_ceiling_per_s);
  const floorRatio = ratio(f.ack.floor.p99_ms, f.ack.bare.p99_ms);
  const paced = f.ack.paced;
  const sweepScope = first && largest ? `${largest.total.toLocaleString('en')} / ${first.total.toLocaleString('en')}` : 'no rows';
  return [
    { name: 'ack p99 within 2× the bare Koa route', figure: `${ackRatio}× (${f.ack.bot.p99_ms} / ${f.ack.bare.p99_ms} ms); the floor (check the signature, keep the body, nothing else) alone is ${floorRatio}×; at ${paced.rate} req/s offered ${ratio(paced.bot.p99_ms, paced.bare.p99_ms)}× (${paced.bot.p99_ms} / ${paced.bare.p99_ms} ms)`, pass: ackRatio <= 2 },
    { name: 'pipeline at least ½ the raw insert ceiling', figure: `${pipelineShare}× (${f.pipeline.msgs_per_s} / ${f.pipeline.insert_ceiling_per_s} per s); a BullMQ no-op alone reaches ${noopShare}×`, pass: pipelineShare >= 0.5 },
    { name: 'deadline sweep flat in the total (largest within 2× smallest)', figure: `${sweepRatio}× (${sweepScope}, ${withFollowUps ? 'digests + follow-up reminders' : 'digests only'})${f.sweep.skipped.length ? `; ${f.sweep.skipped.map((s) => s.total.toLocaleString('en')).join(', ')} skipped` : ''}`, pass: sweepRatio <= 2 },
  ];
}

/** The figures at a fixed offered rate, where latency is each request's own time rather than queueing. */
function pacedJson(p: AckFigures['paced']): Record<string, number> {
  const { bot, bare, floor, naive } = p;
  return {
    rate: p.rate, p50_ms: bot.p50_ms, p99_ms: bot.p99_ms, rps: bot.rps, bare_p50_ms: bare.p50_ms, bare_p99_ms: bare.p99_ms,
    floor_p50_ms: floor.p50_ms, floor_p99_ms: floor.p99_ms, naive_p50_ms: naive.p50_ms, naive_p99_ms: naive.p99_ms, naive_rps: naive.rps,
    p99_vs_bare: ratio(bot.p99_ms, bare.p99_ms), floor_p99_vs_bare: ratio(floor.p99_ms, bare.p99_ms),
  };
}

/** The JSON written by --json. */
export function toJson(f: BenchFigures): Record<string, unknown> {
  const { bot, bare, floor, naive } = f.ack;
  return {
    machine: { cpus: cpus().length, node: process.version, services: f.services, load_average: f.loadAverage },
    settings: f.settings,
    ack: {
      p50_ms: bot.p50_ms, p99_ms: bot.p99_ms, rps: bot.rps,
      bare_p50_ms: bare.p50_ms, bare_p99_ms: bare.p99_ms, bare_rps: bare.rps,
      naive_p50_ms: naive.p50_ms, naive_p99_ms: naive.p99_ms, naive_rps: naive.rps,
      floor_p50_ms: floor.p50_ms, floor_p99_ms: floor.p99_ms, floor_rps: floor.rps, floor_p99_vs_bare: ratio(floor.p99_ms, bare.p99_ms),
      p99_vs_bare: ratio(bot.p99_ms, bare.p99_ms), rps_vs_bare: ratio(bot.rps, bare.rps),
      p99_vs_naive: ratio(bot.p99_ms, naive.p99_ms), rps_vs_naive: ratio(bot.rps, naive.rps),
      non2xx: { bot: bot.non2xx, bare: bare.non2xx, floor: floor.non2xx, naive: naive.non2xx },
      errors: { bot: bot.errors + bot.timeouts, bare: bare.errors + bare.timeouts, floor: floor.errors + floor.timeouts, naive: naive.errors + naive.timeouts },
      reused_callbacks: { bot: bot.reused, naive: naive.reused },
      paced: pacedJson(f.ack.paced),
    },
    pipeline: {
      msgs_per_s: f.pipeline.msgs_per_s, insert_ceiling_per_s: f.pipeline.insert_ceiling_per_s, bullmq_noop_per_s: f.pipeline.bullmq_noop_per_s,
      insert_one_per_s: f.pipeline.insert_one_per_s, messages: f.pipeline.messages, handled: f.pipeline.handled, seconds: f.pipeline.seconds,
      msgs_per_s_first_fifth: f.pipeline.msgs_per_s_first_fifth, msgs_per_s_last_fifth: f.pipeline.msgs_per_s_last_fifth,
      replies_sent: f.pipeline.replies_sent, replies_per_s: f.pipeline.replies_per_s, cpu_ms_per_msg: f.pipeline.cpu_ms_per_msg,
      ack_p99_ms_with_worker: f.pipeline.load.p99_ms, ack_rps_with_worker: f.pipeline.load.rps,
    },
    sweep: f.sweep.rows,
    sweep_skipped: f.sweep.skipped,
    rss_mb: f.rss_mb,
    targets: judgeTargets(f),
    seconds: f.seconds,
  };
}

const followUpCell = (r: SweepRow) =>
  r.follow_up_ms === null ? `not measured (projected ${r.follow_up_projected_s ?? '?'} s)` : `${r.follow_up_ms} (${r.follow_ups})`;
const rebuildCell = (r: SweepRow) => (r.index_rebuild_error ? `${r.index_rebuild_s} (first attempt failed: ${r.index_rebuild_error})` : r.index_rebuild_s);
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const header = (cells: string[]) => [row(cells), row(cells.map(() => '---'))];

/** The Markdown report. */
export function toMarkdown(f: BenchFigures): string {
  const { bot, bare, floor, naive, paced } = f.ack;
  const s = f.settings;
  const p = f.pipeline;
  const loadTable = (loads: ServerLoads) => {
    const loadRow = (name: string, l: LoadReport) => row([name, l.p50_ms, l.p99_ms, l.rps, l.non2xx, l.errors + l.timeouts]);
    return [
      ...header(['server (each its own process)', 'p50 ms', 'p99 ms', 'req/s', 'non-2xx', 'errors']),
      loadRow('bot web role: POST /wecom/callback (verify, decrypt, queue, 200)', loads.bot),
      loadRow('bare Koa route (200 only)', loads.bare),
      loadRow('floor: signature checked, body kept in Redis (LPUSH), 200 — no parser, no decryption, no job', loads.floor),
      loadRow('naive: decrypt, mongoose save, passive reply in the request', loads.naive),
    ];
  };
  const lines = [
    `## Callback acknowledgement — ${s.connections} connections, ${s.seconds} s measured per server in ${s.rounds} turn(s) after ${s.warmupSeconds} s warm-up; autocannon in its own process`,
    '',
    'As fast as each server answers (latency here is the connections over the throughput):',
    '',
    ...loadTable(f.ack),
    '',
    `bot / bare: p99 ${ratio(bot.p99_ms, bare.p99_ms)}×, req/s ${ratio(bot.rps, bare.rps)}× · floor / bare: p99 ${ratio(floor.p99_ms, bare.p99_ms)}×, req/s ${ratio(floor.rps, bare.rps)}× · bot / naive: p99 ${ratio(bot.p99_ms, naive.p99_ms)}×, req/s ${ratio(bot.rps, naive.rps)}×`,
    '',
    `At ${paced.rate} requests a second offered over the same connections (each request's own time):`,
    '',
    ...loadTable(paced),
    '',
    `bot / bare: p50 ${ratio(paced.bot.p50_ms, paced.bare.p50_ms)}×, p99 ${ratio(paced.bot.p99_ms, paced.bare.p99_ms)}× · floor / bare: p99 ${ratio(paced.floor.p99_ms, paced.bare.p99_ms)}× · bot / naive: p99 ${ratio(paced.bot.p99_ms, paced.naive.p99_ms)}×`,
    '',
    `## Pipeline — ${p.messages} × 「帮助」 from seeded staff, web and worker roles as processes, replies to a fake WeCom`,
    '',
    ...header(['measure', 'per second', 'note']),
    row(['callback → handled message-log record', p.msgs_per_s, `${p.handled}/${p.messages} handled in ${p.seconds} s; first fifth ${p.msgs_per_s_first_fifth}/s, last fifth ${p.msgs_per_s_last_fifth}/s`]),
    row(['replies accepted by the fake WeCom', p.replies_per_s, `${p.replies_sent} sent`]),
    row(['raw insertMany ceiling (same MongoDB-wire server)', p.insert_ceiling_per_s, 'message-log-shaped documents, batches of 1000']),
    row(['single-document inserts (same server)', p.insert_one_per_s, `${s.connections} concurrent insertOne`]),
    row(['BullMQ no-op processor (same Redis)', p.bullmq_noop_per_s, `${p.messages} jobs, ${s.connections} producers, worker concurrency 8`]),
    '',
    `acknowledgement while the worker ran: p50 ${p.load.p50_ms} ms, p99 ${p.load.p99_ms} ms, ${p.load.rps} req/s · ` +
      `CPU per message: web ${p.cpu_ms_per_msg.web} ms, worker ${p.cpu_ms_per_msg.worker} ms`,
    '',
    '## Deadline sweep — runMorningDigests and sendFollowUpReminders as they are at run time; deliveries only counted',
    '',
    ...header(['recommendations', 'due', 'runMorningDigests ms', 'sendFollowUpReminders ms (reminders)', 'sends', 'insert s', 'index rebuild s']),
    ...f.sweep.rows.map((r) => row([r.total.toLocaleString('en'), r.due, r.ms, followUpCell(r), r.sends, r.insert_s, rebuildCell(r)])),
    ...f.sweep.skipped.map((r) => row([r.total.toLocaleString('en'), '—', r.error ? `failed: ${r.error}` : 'skipped (time budget)', '—', '—', `projected ${r.projected_insert_s}`, `projected ${r.projected_run_s} with the run`])),
    '',
    '## Peak RSS (VmHWM) after the load',
    '',
    ...header(['process', 'MB']),
    row(['web role', f.rss_mb.web]),
    row(['worker role', f.rss_mb.worker]),
    '',
    '## Targets',
    '',
    ...header(['target', 'figure', 'result']),
    ...judgeTargets(f).map((t) => row([t.name, t.figure, t.pass ? 'PASS' : 'MISS'])),
    '',
    `${cpus().length} CPUs, Node ${process.version}, 1-minute load average ${f.loadAverage.start.toFixed(1)} at the start and ` +
      `${f.loadAverage.end.toFixed(1)} at the end; ${f.services.join('; ')}; run took ${Math.round(f.seconds)} s.`,
  ];
  return lines.join('\n');
}
