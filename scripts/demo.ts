/**
 * npm run demo: starts the embedded services and the bot, plays the demo scenario and shows
 * what each party received. Keeps serving until Ctrl-C unless `--exit` is given or CI=true.
 */
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startServices } from '../src/embedded/services.js';
import { startRuntime } from '../src/runtime.js';

const exitAfter = process.argv.includes('--exit') || process.env.CI === 'true';

/** A demo-only WeCom identity; the demo talks to the fake WeCom, never to the real one. */
const demoWecom = {
  WECOM_CORP_ID: 'wwdemo0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'demo-app-secret',
  WECOM_TOKEN: 'demotoken',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

function heading(text: string): void {
  console.log(`\n━━ ${text}`);
}

async function main(): Promise<void> {
  heading('启动服务 (services)');
  const services = await startServices({ redisUrl: process.env.REDIS_URL || undefined, mongoUri: process.env.MONGODB_URI || undefined });
  for (const note of services.notes) console.log(`  ${note}`);

  const config = loadConfig({
    ...demoWecom,
    PORT: process.env.PORT ?? '0',
    REDIS_URL: services.redisUrl,
    MONGODB_URI: services.mongoUri,
    QUEUE_PREFIX: 'demo',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const runtime = await startRuntime(config, { role: 'all', logger: createLogger(config.LOG_LEVEL, { app: 'demo' }) });
  console.log(`  bot (web + worker) at ${runtime.url}`);

  heading('GET /healthz');
  const health = await fetch(`${runtime.url}/healthz`);
  console.log(`  HTTP ${health.status} ${JSON.stringify(await health.json())}`);

  const shutdown = async () => {
    await runtime.stop();
    await services.stop();
  };
  if (exitAfter) {
    await shutdown();
    return;
  }
  console.log(`\nThe bot keeps serving at ${runtime.url} — Ctrl-C to stop.`);
  const onSignal = () => void shutdown().then(() => process.exit(0));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
