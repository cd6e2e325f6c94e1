/**
 * The pipeline: messages per second from the WeCom callback to a handled message-log record, through the web
 * role, the `inbound` queue and the worker role, each a process of its own; the replies go to the fake WeCom.
 */
import { deliveryModel } from '../../src/models/delivery.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { batchIdFilter, prepareCallbacks } from './callbacks.js';
import type { BenchEnvironment } from './environment.js';
import { runLoad, type LoadReport } from './load.js';
import { cpuSeconds } from './process-stats.js';
import type { ScriptProcess } from './processes.js';

export interface PipelineOptions {
  /** Callbacks to send (each a `帮助` from a registered member of staff). */
  messages: number;
  connections: number;
  /** Give up waiting for the worker after this long. */
  timeoutMs: number;
}

export interface PipelineFigures {
  messages: number;
  /** Message-log records of the run marked handled (all of them unless the wait timed out). */
  handled: number;
  /** From the first callback sent to the last record handled. */
  seconds: number;
  msgs_per_s: number;
  /** The rate over the first and the last fifth of the messages: whether handling slows as the collections grow. */
  msgs_per_s_first_fifth: number;
  msgs_per_s_last_fifth: number;
  /** Replies the fake WeCom accepted (deliveries recorded sent) and how fast, from the first callback. */
  replies_sent: number;
  replies_per_s: number;
  /** CPU time per message of each role's process: where the pipeline's time goes, besides the database. */
  cpu_ms_per_msg: { web: number; worker: number };
  /** The acknowledgement while the worker ran beside the web role. */
  load: LoadReport;
}

/** Polls `check` until it is true or `deadline` (epoch ms) has passed; not faster, so as not to load the database. */
async function waitUntil(check: () => Promise<boolean>, deadline: number): Promise<void> {
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
}

const rate = (count: number, fromMs: number, toMs: number) => Math.round((count * 1000) / Math.max(toMs - fromMs, 1));

/** Waits until the run's messages are handled; how many were, and the rates overall and over the first and last fifth. */
async function handlingFigures(env: BenchEnvironment, ofRun: ReturnType<typeof batchIdFilter>, expected: number, startedAt: number, deadline: number) {
  const messages = messageLogModel(env.mongo);
  let handled = 0;
  await waitUntil(async () => (handled = await messages.countDocuments({ _id: ofRun, state: 'handled' })) >= expected, deadline);
  // The worker stamps handledAt with its own clock, so the times are exact whatever the polling interval.
  const times = (await messages.find({ _id: ofRun, state: 'handled' }, { handledAt: 1 }).lean()).map((m) => m.handledAt?.getTime() ?? Date.now()).sort((a, b) => a - b);
  const end = times.at(-1) ?? Date.now();
  const fifth = Math.max(1, Math.floor(times.length / 5));
  return {
    handled,
    seconds: Number(((end - startedAt) / 1000).toFixed(2)),
    msgs_per_s: rate(handled, startedAt, end),
    msgs_per_s_first_fifth: rate(fifth, startedAt, times[fifth - 1] ?? startedAt),
    msgs_per_s_last_fifth: rate(fifth, times.at(-fifth - 1) ?? startedAt, end),
  };
}

/** Waits until the replies the handled messages queued are sent (recorded so once WeCom took them); how many, how fast. */
async function replyFigures(env: BenchEnvironment, ofRun: ReturnType<typeof batchIdFilter>, startedAt: number, deadline: number) {
  const expected = (await messageLogModel(env.mongo).find({ _id: ofRun }, { replies: 1 }).lean()).reduce((sum, m) => sum + (m.replies ?? 0), 0);
  const deliveries = deliveryModel(env.mongo);
  let sent = 0;
  await waitUntil(async () => (sent = await deliveries.countDocuments({ source: ofRun, state: 'sent' })) >= expected, deadline);
  const last = await deliveries.findOne({ source: ofRun, state: 'sent' }).sort({ sentAt: -1 }).lean();
  return { replies_sent: sent, replies_per_s: rate(sent, startedAt, last?.sentAt?.getTime() ?? Date.now()) };
}

/** Sends `messages` callbacks to the web role as fast as it answers, and times the worker's handling. */
export async function measurePipeline(env: BenchEnvironment, roles: { web: ScriptProcess; webUrl: string; worker: ScriptProcess }, options: PipelineOptions): Promise<PipelineFigures> {
  const msgIdPrefix = `2${Date.now() % 1e9}`;
  const requests = prepareCallbacks({ count: options.messages, users: env.staff, content: '帮助', msgIdPrefix });
  const ofRun = batchIdFilter(msgIdPrefix);
  const cpuBefore = { web: cpuSeconds(roles.web), worker: cpuSeconds(roles.worker) };
  const load = await runLoad({ url: roles.webUrl, connections: options.connections, amount: options.messages, requests }, env.workDir);
  const deadline = load.startedAt + options.timeoutMs;
  const handling = await handlingFigures(env, ofRun, options.messages, load.startedAt, deadline);
  const replies = await replyFigures(env, ofRun, load.startedAt, deadline);
  const cpuMsPerMessage = (role: 'web' | 'worker') => Number((((cpuSeconds(roles[role]) - cpuBefore[role]) * 1000) / options.messages).toFixed(2));
  return { messages: options.messages, ...handling, ...replies, cpu_ms_per_msg: { web: cpuMsPerMessage('web'), worker: cpuMsPerMessage('worker') }, load };
}
