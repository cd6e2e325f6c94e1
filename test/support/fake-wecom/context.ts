import { randomBytes } from 'node:crypto';

/** Settings and clock shared by every part of the fake WeCom. */
export interface FakeContext {
  readonly corpId: string;
  readonly corpSecret: string;
  /** AgentId of the self-built app, as a string (WeCom accepts it as a number or a numeric string). */
  readonly agentId: string;
  readonly botId: string;
  readonly botSecret: string;
  readonly tokenTtlSeconds: number;
  readonly robotLimitPerMinute: number;
  /** App messages one member may receive in a sliding minute and hour (WeCom: about 30 and 1000). */
  readonly memberLimit: { perMinute: number; perHour: number };
  /** Milliseconds since the epoch; injected so tests move time instead of sleeping. */
  now(): number;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  apiBase(): string;
}

/** An opaque id in the alphabet WeCom uses for tokens, media ids and response codes. */
export function opaqueId(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Unix seconds of a millisecond clock reading. */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** UTF-8 length, the unit of every WeCom size limit. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A plain JSON object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  // Checked just before: a non-null, non-array object, which JSON makes a string-keyed record.
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A non-empty string, or undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Polls `probe` every 10 ms until it returns something other than undefined, null or false.
 * Rejects after `timeoutMs`, naming what was awaited.
 */
export function pollUntil<T>(probe: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      let value: T | undefined | null | false;
      try {
        value = probe();
      } catch (error) {
        reject(error);
        return;
      }
      if (value !== undefined && value !== null && value !== false) resolve(value);
      else if (Date.now() >= deadline) reject(new Error(`fake WeCom: timed out after ${timeoutMs} ms waiting for ${what}`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
