import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { parseApiTokens } from './api/tokens.js';

/** A configuration variable that is missing or malformed; `message` is one readable line. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const port = z.coerce.number().int().min(0, 'must be a port number 0-65535').max(65535, 'must be a port number 0-65535');

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(p)), {
      message: `must start with ${protocols.join(' or ')}`,
    });

const url = (protocols: string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => protocols.some((p) => v.startsWith(p)) && URL.canParse(v), {
      message: `must be a URL starting with ${protocols.join(' or ')}`,
    })
    .transform((v) => v.replace(/\/+$/, ''));

/**
 * A cron pattern of exactly five fields (minute hour day month weekday), read as BullMQ reads it. Four fields
 * would be read as something else entirely, six as seconds first (0 8 * * * * = hourly at minute 8).
 */
const cron = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .superRefine((v, ctx) => {
      const fields = v.split(/\s+/).filter(Boolean).length;
      if (fields !== 5) return ctx.addIssue({ code: 'custom', message: `must be a 5-field cron (minute hour day month weekday), got ${fields} field${fields === 1 ? '' : 's'}` });
      try {
        CronExpressionParser.parse(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `is not a valid cron: ${(error as Error).message}` });
      }
    });

const timeZone = z
  .string()
  .default('Asia/Shanghai')
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as Asia/Shanghai' },
  );

const required = (what: string) => z.string({ error: `is required (${what})` }).trim().min(1, `is required (${what})`);

/** The environment schema: one entry per variable, documented in .env.example. */
const schema = z.object({
  PORT: port.default(3000),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  MONGODB_URI: optionalUrl(['mongodb://', 'mongodb+srv://']),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_:{}-]+$/, 'may hold only letters, digits and _ : { } -').default('linkage'),
  DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0, 'must be 0 or more milliseconds').default(10_000),
  /** How long a worker's claim on a running job lasts without renewal: a job of a worker that died is taken over after about this long. */
  JOB_LOCK_MS: z.coerce.number().int().min(1000, 'must be at least 1000 milliseconds').default(30_000),
  TZ: timeZone,
  /**
   * WeCom's limit on app messages to one member (per app): beyond it WeCom discards the message rather than refusing
   * it, so deliveries to each member are paced under it.
   */
  WECOM_MEMBER_MESSAGES_PER_MINUTE: z.coerce.number().int().positive('must be a positive whole number').default(30),
  WECOM_MEMBER_MESSAGES_PER_HOUR: z.coerce.number().int().positive('must be a positive whole number').default(1000),
  /** Group robot of the prosecutors' group: escalations of unanswered alerts and overdue transfers go there. */
  PROSECUTOR_ROBOT_KEY: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  /** An alert nobody decided on within this many hours is escalated to the prosecutors' group. */
  LEAD_ESCALATE_AFTER_HOURS: z.coerce.number().positive('must be a positive number of hours').default(24),
  /** When the lead checks (escalations, transfer deadlines) run, and when the daily re-evaluation sweep runs (cron, TZ). */
  LEAD_CHECK_CRON: cron('4,19,34,49 * * * *'),
  LEAD_SWEEP_CRON: cron('0 2 * * *'),
  /**
   * When the deadline run checks which agency groups are due their morning digest (cron, TZ): hourly, every day,
   * because whether a day is a working day is the holiday calendar's to say (make-up Saturdays are, holidays not).
   * At minute 7: WeCom asks senders to avoid the top and the half of every hour, its busiest moments.
   */
  DIGEST_CRON: cron('7 * * * *'),
  /** Whom an unknown WeCom user should contact to be registered (shown in the bot's answer). */
  ADMIN_CONTACT: z.string().trim().min(1).default('检察院公益诉讼检察部门'),

  WECOM_CORP_ID: required('the CorpID from the WeCom admin console').regex(
    /^[A-Za-z0-9]+$/,
    'must hold only letters and digits (the CorpID, e.g. ww0123456789abcdef)',
  ),
  WECOM_AGENT_ID: z.coerce
    .number({ error: 'must be the numeric AgentId of the self-built app' })
    .int('must be the numeric AgentId of the self-built app')
    .positive('must be the numeric AgentId of the self-built app'),
  WECOM_SECRET: required("the self-built app's Secret"),
  WECOM_TOKEN: required('the callback Token').regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1-32 letters or digits (the callback Token)'),
  WECOM_ENCODING_AES_KEY: z
    .string({ error: 'is required (the 43-character callback EncodingAESKey)' })
    .trim()
    .superRefine((v, ctx) => {
      if (v.length !== 43) {
        ctx.addIssue({ code: 'custom', message: `must be 43 characters (got ${v.length})` });
      } else if (!/^[A-Za-z0-9+/]{43}$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: 'must hold only base64 characters A-Z a-z 0-9 + /' });
      }
    }),
  WECOM_API_BASE: url(['https://', 'http://'], 'https://qyapi.weixin.qq.com'),
  WECOM_BOT_ID: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  WECOM_BOT_SECRET: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  WECOM_WS_URL: url(['wss://', 'ws://'], 'wss://openws.work.weixin.qq.com'),
  WECOM_CALLBACK_MAX_SKEW_S: z.coerce.number().int().min(0, 'must be 0 (off) or a number of seconds').default(300),
  /** The holiday overrides file (default calendar/overrides.json); read by src/calendar/default-calendar.ts. */
  CALENDAR_OVERRIDES_FILE: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  /** Admin API and dashboard credentials: comma-separated `name:role[@agency]:token` (see src/api/auth.ts). */
  API_TOKENS: z.string().optional().transform((v, ctx) => {
    try {
      return parseApiTokens(v ?? '');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
});

/** Validated, typed configuration of one process. */
export type Config = z.infer<typeof schema>;

/** The messages zod gives without our own wording, as an operator reads them (PORT must be a number, got "abc"). */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const got = typeof issue.input === 'string' ? ` (got "${issue.input}")` : '';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return `must be a number${got}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}${got}`;
  return undefined;
}

/**
 * Reads and validates the configuration from `env`.
 * Throws a ConfigError naming the first bad variable, e.g.
 * "WECOM_ENCODING_AES_KEY must be 43 characters (got 42)".
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env, { error: plainMessage });
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(variable, issue?.message ?? 'is invalid');
  }
  const cfg = result.data;
  if (Boolean(cfg.WECOM_BOT_ID) !== Boolean(cfg.WECOM_BOT_SECRET)) {
    const missing = cfg.WECOM_BOT_ID ? 'WECOM_BOT_SECRET' : 'WECOM_BOT_ID';
    throw new ConfigError(missing, 'is required when the other intelligent-bot setting is set (WECOM_BOT_ID and WECOM_BOT_SECRET go together)');
  }
  return cfg;
}

/** The names of settings whose values must never be logged. */
export const secretSettings = ['WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', 'WECOM_BOT_SECRET', 'PROSECUTOR_ROBOT_KEY', 'API_TOKENS'] as const;

/** A loggable copy of the configuration: secrets masked, credentials stripped from URLs. */
export function describeConfig(cfg: Config): Record<string, unknown> {
  const out: Record<string, unknown> = { ...cfg };
  for (const key of secretSettings) if (out[key] !== undefined) out[key] = '***';
  for (const key of ['REDIS_URL', 'MONGODB_URI'] as const) if (cfg[key]) out[key] = redactUrl(cfg[key]);
  return out;
}

/**
 * Removes the password from a connection URL so that it can be logged. Drivers take an unescaped `@` (or `/`, `#`)
 * in a password and split at the LAST `@`, so everything from the user name to the last `@` is masked; an `@` in
 * a path or query (rare in these URLs) only makes the mask hide more, never less.
 */
export function redactUrl(value: string): string {
  const start = value.indexOf('//');
  if (start < 0) return value;
  const authority = start + 2;
  const lastAt = value.lastIndexOf('@');
  if (lastAt < authority) return value;
  const userinfo = value.slice(authority, lastAt);
  const colon = userinfo.indexOf(':');
  // A user name cannot hold an unescaped ':', so the part before the first ':' is the user and is kept.
  const kept = colon >= 0 && !/[@/]/.test(userinfo.slice(0, colon)) ? userinfo.slice(0, colon + 1) : '';
  return `${value.slice(0, authority)}${kept}***${value.slice(lastAt)}`;
}
