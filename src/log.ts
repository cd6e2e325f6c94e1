import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Creates the process logger. Secrets are redacted by key wherever they appear in a
 * log object, as a second line of defence behind never passing them in the first place.
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { pid: process.pid, ...bindings },
    redact: {
      paths: [
        'secret', '*.secret', 'token', '*.token', 'access_token', '*.access_token',
        'corpsecret', '*.corpsecret', 'encodingAESKey', '*.encodingAESKey', 'key', '*.key',
        'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', 'WECOM_BOT_SECRET',
        'headers.authorization', '*.headers.authorization',
      ],
      censor: '***',
    },
  });
}

/** A logger that writes nothing, for tests and tools that do not want output. */
export const silentLogger: Logger = pino({ level: 'silent' });
