/**
 * npm run demo: starts the embedded services, a fake WeCom and the bot against it, plays the demo
 * scenario and shows what each party sent and received. Keeps serving (so a person can try
 * `npm run simulate`) until Ctrl-C, unless `--exit` is given or CI=true.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startServices } from '../src/embedded/services.js';
import { startRuntime } from '../src/runtime.js';
import { createFakeWecom } from '../test/support/fake-wecom/index.js';
import { removeSession, writeSession } from './lib/demo-session.js';
import { playScenario } from './lib/demo-scenario.js';
import { demoWecom } from './lib/demo-identity.js';

const exitAfter = process.argv.includes('--exit') || process.env.CI === 'true';

async function main(): Promise<void> {
  console.log('━━ 启动 (start-up)');
  const services = await startServices({ redisUrl: process.env.REDIS_URL || undefined, mongoUri: process.env.MONGODB_URI || undefined });
  for (const note of services.notes) console.log(`  ${note}`);
  const fake = await createFakeWecom({
    corpId: demoWecom.WECOM_CORP_ID,
    corpSecret: demoWecom.WECOM_SECRET,
    agentId: demoWecom.WECOM_AGENT_ID,
    botId: demoWecom.WECOM_BOT_ID,
    botSecret: demoWecom.WECOM_BOT_SECRET,
  });
  console.log(`  fake WeCom at ${fake.apiBase} (long connection ${fake.wsUrl})`);

  // Fresh dashboard credentials each run: the demo may listen on a reachable port.
  const logins = { ops: randomBytes(12).toString('hex'), wangjc: randomBytes(12).toString('hex'), 'linye-admin': randomBytes(12).toString('hex') };
  const config = loadConfig({
    ...demoWecom,
    PORT: process.env.PORT ?? '0',
    REDIS_URL: services.redisUrl,
    MONGODB_URI: services.mongoUri,
    QUEUE_PREFIX: `demo${Date.now().toString(36)}`,
    WECOM_API_BASE: fake.apiBase,
    WECOM_WS_URL: fake.wsUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PROSECUTOR_ROBOT_KEY: 'demo-robot-prosecutors',
    API_TOKENS: `ops:admin:${logins.ops},wangjc:prosecutor:${logins.wangjc},linye-admin:agency_admin@linye:${logins['linye-admin']}`,
  });
  const runtime = await startRuntime(config, { role: 'all', logger: createLogger(config.LOG_LEVEL, { app: 'demo' }) });
  await runtime.longConnection?.ready;
  console.log(`  bot (web + worker) at ${runtime.url}, MongoDB ${runtime.mongoUri}`);
  const health = await fetch(`${runtime.url}/healthz`);
  console.log(`  GET /healthz → HTTP ${health.status} ${JSON.stringify(await health.json())}`);
  writeSession({ botUrl: runtime.url!, fakeUrl: fake.apiBase, corpId: config.WECOM_CORP_ID, agentId: String(config.WECOM_AGENT_ID), token: config.WECOM_TOKEN, aesKey: config.WECOM_ENCODING_AES_KEY });

  await playScenario({ config, runtime, fake });

  const shutdown = async () => {
    removeSession();
    await runtime.stop();
    await fake.close();
    await services.stop();
  };
  if (exitAfter) {
    await shutdown();
    console.log('\n演示结束 (demo finished).');
    return;
  }
  console.log(`\nDashboard: ${runtime.url}/dashboard/`);
  console.log(`Login: enter one of these tokens on the login page — admin (管理员, sees everything and the queue board at ${runtime.url}/admin/queues): ${logins.ops} · prosecutor 王检察官: ${logins.wangjc} · 林业局 agency admin: ${logins['linye-admin']} — or call the API with "Authorization: Bearer <token>" (${runtime.url}/api/openapi.json)`);
  console.log(`\n机器人继续运行于 ${runtime.url} — try: npm run simulate -- --user zhangsan "帮助"   (Ctrl-C to stop)`);
  const onSignal = () => void shutdown().then(() => process.exit(0));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
