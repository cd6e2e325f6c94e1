/** The bot under test, one role per process, started as an operator starts it: `tsx src/main.ts --role <role>`. */
import { demoWecom } from '../lib/demo-identity.js';
import type { BenchEnvironment } from './environment.js';
import { benchMemberLimit, benchTimeZone } from './environment.js';
import { startScript, type ScriptProcess } from './processes.js';

/** The bot's environment for this run: its services, database, queue prefix and the fake WeCom. */
function botEnv(env: BenchEnvironment): Record<string, string> {
  return {
    ...demoWecom,
    // No intelligent bot: the long connection is not what is measured, and the fake would hold it open.
    WECOM_BOT_ID: '',
    WECOM_BOT_SECRET: '',
    WECOM_API_BASE: env.fake.apiBase,
    REDIS_URL: env.redisUrl,
    MONGODB_URI: env.uri(env.databases.bot),
    QUEUE_PREFIX: env.runId,
    PORT: '0',
    // info, as in production: the per-message log lines are debug, so logging costs what it costs there.
    LOG_LEVEL: 'info',
    TZ: benchTimeZone,
    WECOM_MEMBER_MESSAGES_PER_MINUTE: String(benchMemberLimit.perMinute),
    WECOM_MEMBER_MESSAGES_PER_HOUR: String(benchMemberLimit.perHour),
  };
}

/** Starts the web role and resolves with it and its URL (from its 'web server listening' log line). */
export async function startWebRole(env: BenchEnvironment): Promise<{ process: ScriptProcess; url: string }> {
  const web = startScript('src/main.ts', ['--role', 'web'], botEnv(env));
  const line = await web.waitFor(/web server listening/);
  const url = (JSON.parse(line) as { url?: string }).url;
  if (!url) throw new Error(`no url in the web role's log line: ${line}`);
  return { process: web, url };
}

/** Starts the worker role and resolves once its workers run. */
export async function startWorkerRole(env: BenchEnvironment): Promise<ScriptProcess> {
  const worker = startScript('src/main.ts', ['--role', 'worker'], botEnv(env));
  await worker.waitFor(/workers running/);
  return worker;
}
