/**
 * npm run bench [-- --json <file>] [--seconds N] [--concurrency N]
 *
 * Measures, in one run on this machine, the latency and throughput of acknowledging WeCom callbacks
 * (POST /wecom/callback: verify, decrypt, queue, answer) beside a bare Koa route that only answers 200,
 * and prints a Markdown table with the ratios. Not part of npm test.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import Koa from 'koa';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { startServices } from '../src/embedded/services.js';
import { startRuntime } from '../src/runtime.js';
import { buildCallback, textXml } from '../test/support/wecom-callback.js';
import { demoWecom } from './lib/demo-identity.js';

const { values } = parseArgs({ options: { json: { type: 'string' }, seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '32' } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

interface LoadResult { p50_ms: number; p99_ms: number; rps: number; requests: number; non200: number }

/** Runs `concurrency` loops for `seconds`, each sending the next request as soon as the last answered. */
async function load(next: () => { url: string; init: RequestInit }): Promise<LoadResult> {
  const latencies: number[] = [];
  let non200 = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const { url, init } = next();
      const start = performance.now();
      const response = await fetch(url, init);
      await response.arrayBuffer();
      latencies.push(performance.now() - start);
      if (response.status !== 200) non200++;
    }
  }));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2));
  return { p50_ms: at(0.5), p99_ms: at(0.99), rps: Math.round(latencies.length / seconds), requests: latencies.length, non200 };
}

async function main(): Promise<void> {
  const services = await startServices({ redisUrl: process.env.REDIS_URL || undefined, mongoUri: process.env.MONGODB_URI || undefined });
  const config = loadConfig({ ...demoWecom, PORT: '0', REDIS_URL: services.redisUrl, MONGODB_URI: services.mongoUri, QUEUE_PREFIX: `bench${Date.now().toString(36)}`, LOG_LEVEL: 'silent', WECOM_BOT_ID: '', WECOM_BOT_SECRET: '' });
  // Web role only: the acknowledgement path is what is measured, not the handling behind the queue.
  const runtime = await startRuntime(config, { role: 'web', logger: silentLogger });

  const bare = new Koa();
  bare.use((ctx) => { ctx.status = 200; ctx.body = ''; });
  const bareServer = createServer(bare.callback());
  await new Promise<void>((r) => bareServer.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/`;

  // Callbacks are built before the run so that the client's own encryption is not measured.
  const secrets = { token: config.WECOM_TOKEN, aesKey: config.WECOM_ENCODING_AES_KEY, corpId: config.WECOM_CORP_ID, agentId: config.WECOM_AGENT_ID };
  const prepared = Array.from({ length: 20_000 }, (_, i) => buildCallback({ ...secrets, xml: textXml({ ...secrets, from: `user${i % 50}`, content: `进度 14号 ${i % 100}% 已恢复林地${i}亩`, msgId: `9${Date.now()}${i}` }) }));
  let n = 0;
  const ack = await load(() => {
    const cb = prepared[n++ % prepared.length]!;
    return { url: `${runtime.url}/wecom/callback?${new URLSearchParams(cb.query)}`, init: { method: 'POST', body: cb.body, headers: { 'content-type': 'text/xml' } } };
  });
  const bareResult = await load(() => ({ url: bareUrl, init: { method: 'POST', body: prepared[0]!.body } }));

  const ratio = ack.p99_ms / Math.max(bareResult.p99_ms, 0.01);
  console.log(`\nCallback acknowledgement, ${concurrency} concurrent clients, ${seconds} s each, same run:\n`);
  console.log('| path | p50 ms | p99 ms | req/s | non-200 |');
  console.log('|---|---|---|---|---|');
  console.log(`| POST /wecom/callback | ${ack.p50_ms} | ${ack.p99_ms} | ${ack.rps} | ${ack.non200} |`);
  console.log(`| bare Koa route | ${bareResult.p50_ms} | ${bareResult.p99_ms} | ${bareResult.rps} | ${bareResult.non200} |`);
  console.log(`\nack p99 / bare p99 = ${ratio.toFixed(2)}× (target ≤ 2×: ${ratio <= 2 ? 'met' : 'not met'})`);
  if (values.json) {
    writeFileSync(values.json, JSON.stringify({ ack: { p50_ms: ack.p50_ms, p99_ms: ack.p99_ms, rps: ack.rps, bare_p99_ms: bareResult.p99_ms, bare_rps: bareResult.rps } }, null, 2));
  }
  bareServer.close();
  await runtime.stop();
  await services.stop();
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
