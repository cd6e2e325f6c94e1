import { existsSync } from 'node:fs';
import { ConfigError, describeConfig, loadConfig, type Config } from './config.js';
import { createLogger } from './log.js';
import { startRuntime, type Role } from './runtime.js';

const roles: Role[] = ['web', 'worker', 'all'];

/** Reads `--role web|worker|all` (default all). */
export function parseRole(argv: string[]): Role {
  const index = argv.indexOf('--role');
  const value = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  if (value === undefined) return 'all';
  if ((roles as string[]).includes(value)) return value as Role;
  throw new ConfigError('--role', `must be one of ${roles.join(', ')} (got ${value})`);
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  let role: Role;
  try {
    role = parseRole(process.argv.slice(2));
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`config error: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  process.env.TZ = config.TZ;
  const logger = createLogger(config.LOG_LEVEL, { role });
  logger.info({ config: describeConfig(config) }, 'starting');

  const runtime = await startRuntime(config, { role, logger });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
