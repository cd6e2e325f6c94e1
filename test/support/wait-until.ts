/** What a probe may answer: a value when the awaited state is reached, or undefined / null / false while it is not. */
export type Probe<T> = () => T | undefined | null | false | Promise<T | undefined | null | false>;

/**
 * Polls `probe` (sync or async, e.g. a MongoDB count or the fake WeCom's records) until it yields a value, and
 * resolves with it. Rejects after `timeoutMs` with `what` and the probe's last error, so a timed-out fault test
 * says which state it was waiting for. A probe that throws (a database that is still down) is polled again.
 */
export async function waitUntil<T>(probe: Probe<T>, what: string, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`${what}: not reached within ${timeoutMs} ms${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
