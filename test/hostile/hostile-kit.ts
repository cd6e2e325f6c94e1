/**
 * Shared tools of the hostile-input tests (issue #9, part 3): a logger that keeps every line the bot logs, the
 * secrets that must never appear in it, snapshots of the stored data and the queues to compare before and after
 * a refused request, and a byte-level callback encryptor for payloads the string-based builder cannot express
 * (invalid UTF-8, a lying length prefix).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { expect } from 'vitest';
import { pino } from 'pino';
import type { Logger } from '../../src/log.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { apiTokens } from '../support/api-tokens.js';
import type { BotHarness } from '../support/bot-harness.js';
import { cdata, type Callback } from '../support/wecom-callback.js';

/** One parsed pino line. */
export type LogEntry = { level: number; msg?: string } & Record<string, unknown>;

/** A logger for the bot that keeps its output in memory (no redaction, most verbose level: the strictest check). */
export interface LogCapture {
  logger: Logger;
  /** Everything logged so far, as written. */
  text(): string;
  entries(): LogEntry[];
  /** Entries logged after `mark` (a count of entries taken earlier with `entries().length`). */
  since(mark: number): LogEntry[];
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  const entries = () => lines.map((line) => JSON.parse(line) as LogEntry);
  return { logger, text: () => lines.join(''), entries, since: (mark) => entries().slice(mark) };
}

/** pino's level number of warn. */
export const warnLevel = 40;

/** Every secret a test deployment holds, by the name of the setting (the name may be printed, never the value). */
export function secretsOf(h: BotHarness, extra: Record<string, string> = {}): Record<string, string> {
  const secrets: Record<string, string> = {
    WECOM_SECRET: h.config.WECOM_SECRET,
    WECOM_TOKEN: h.config.WECOM_TOKEN,
    WECOM_ENCODING_AES_KEY: h.config.WECOM_ENCODING_AES_KEY,
    'API token of admin': apiTokens.admin,
    'API token of prosecutor': apiTokens.prosecutor,
    'API token of agency admin': apiTokens.linyeAdmin,
    // Robot keys of the seeded agencies (seed/demo.json).
    'robot key of linye': 'demo-robot-linye',
    'robot key of ziran': 'demo-robot-ziran',
    'robot key of shichang': 'demo-robot-shichang',
    ...extra,
  };
  if (h.config.PROSECUTOR_ROBOT_KEY) secrets.PROSECUTOR_ROBOT_KEY = h.config.PROSECUTOR_ROBOT_KEY;
  // The AES key also travels decoded (the raw 32 bytes) in hex or base64 if someone logs a Buffer.
  const raw = Buffer.from(`${h.config.WECOM_ENCODING_AES_KEY}=`, 'base64');
  secrets['WECOM_ENCODING_AES_KEY (hex)'] = raw.toString('hex');
  return secrets;
}

/** Fails naming the setting whose value appears in the logs (the value itself is not printed). */
export function expectNoSecretIn(text: string, secrets: Record<string, string>): void {
  const leaked = Object.entries(secrets).filter(([, value]) => text.includes(value) || text.includes(encodeURIComponent(value))).map(([name]) => name);
  expect(leaked, 'settings whose value was logged').toEqual([]);
}

/** Every document of `collections`, sorted by _id, as plain JSON: equal snapshots mean unchanged data. */
export async function collectionsSnapshot(h: BotHarness, collections: readonly string[]): Promise<Record<string, unknown[]>> {
  const db = h.runtime.mongo.db!;
  const out: Record<string, unknown[]> = {};
  for (const name of collections) {
    out[name] = JSON.parse(JSON.stringify(await db.collection(name).find({}).sort({ _id: 1 }).toArray())) as unknown[];
  }
  return out;
}

/** The records the bot keeps about the world (not its own message log, audit or delivery bookkeeping). */
export const domainCollections = ['agencies', 'staff', 'recommendations', 'progress', 'evidence', 'cases', 'leads', 'rulesets', 'counters'] as const;

/** The ids of every job of the queues that take work from outside (received messages, deliveries, evaluations). */
export async function queueSnapshot(h: BotHarness): Promise<Record<string, string[]>> {
  const redis = createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true });
  const out: Record<string, string[]> = {};
  try {
    for (const name of [queueNames.inbound, queueNames.deliver, queueNames.evaluateLeads]) {
      const queue = new Queue(name, { connection: redis, prefix: h.config.QUEUE_PREFIX });
      const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children']);
      out[name] = jobs.map((job) => String(job.id)).sort();
      await queue.close();
    }
  } finally {
    await redis.quit().catch(() => undefined);
  }
  return out;
}

/** Waits until no received message, delivery or evaluation is waiting or running, so a snapshot is stable. */
export async function settle(h: BotHarness, timeoutMs = 15_000): Promise<void> {
  const redis = createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true });
  const queues = [queueNames.inbound, queueNames.deliver, queueNames.evaluateLeads].map((name) => new Queue(name, { connection: redis, prefix: h.config.QUEUE_PREFIX }));
  try {
    for (const end = Date.now() + timeoutMs; ; await pause(100)) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
      if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
      if (Date.now() > end) throw new Error(`queues did not settle within ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    await redis.quit().catch(() => undefined);
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `find` returns something (10 s at most). */
export async function eventually<T>(find: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await pause(100)) {
    const found = await find();
    if (found !== undefined) return found;
  }
  throw new Error(`nothing found within ${timeoutMs} ms`);
}

/** Settings that keep the recurring jobs (lead checks, digests) from firing during a test and changing data. */
export const quietSchedules = { LEAD_CHECK_CRON: '0 0 1 1 *', LEAD_SWEEP_CRON: '0 0 1 1 *', DIGEST_CRON: '0 0 1 1 *' };

/**
 * AES-256-CBC over random16 | length | msg | receiveId with WeCom's 32-byte PKCS#7, from bytes, so a test can
 * encrypt what no string can hold (invalid UTF-8) or a length prefix that lies (`length` given).
 */
export function encryptBytes(encodingAesKey: string, msg: Buffer, receiveId: Buffer, length = msg.length): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(length);
  const plain = Buffer.concat([randomBytes(16), header, msg, receiveId]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** msg_signature over already-encrypted text, as WeCom computes it. */
export function sign(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** A callback around an `Encrypt` value the caller made, signed with `token`. */
export function signedEnvelope(options: { token: string; corpId: string; agentId: string | number; encrypt: string; timestamp: string; nonce?: string }): Callback {
  const nonce = options.nonce ?? String(Date.now());
  return {
    query: { msg_signature: sign(options.token, options.timestamp, nonce, options.encrypt), timestamp: options.timestamp, nonce },
    body: `<xml><ToUserName>${cdata(options.corpId)}</ToUserName><AgentID>${cdata(String(options.agentId))}</AgentID><Encrypt>${cdata(options.encrypt)}</Encrypt></xml>`,
  };
}

/** POSTs raw bytes to the callback URL (fetch would re-encode a string as UTF-8). */
export function postRawCallback(baseUrl: string, query: Record<string, string>, body: Buffer | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/wecom/callback?${new URLSearchParams(query).toString()}`, { method: 'POST', headers: { 'content-type': 'text/xml', ...headers }, body });
}
