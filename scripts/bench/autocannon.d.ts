/**
 * The part of autocannon 9's API the bench uses; the package ships no types and @types/autocannon is not
 * installed. Shapes follow node_modules/autocannon/README.md.
 */
declare module 'autocannon' {
  namespace autocannon {
    /** One request as autocannon builds it; `setupRequest` may return a changed copy before each send. */
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: Request) => Request;
    }

    interface Options {
      url: string;
      connections?: number;
      pipelining?: number;
      /** Seconds; ignored when `amount` is set. */
      duration?: number;
      /** Stop after this many requests in all. */
      amount?: number;
      /** Seconds before giving up on one request. */
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      requests?: Request[];
      /** A run before the measured one whose figures are discarded. */
      warmup?: { connections?: number; duration?: number };
    }

    interface Histogram {
      average: number;
      p50: number;
      p99: number;
      max: number;
      total: number;
    }

    interface Result {
      /** Seconds the measured run took. */
      duration: number;
      latency: Histogram;
      requests: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
    }

    /** The running instance: a promise of the result that also emits per-response events. */
    interface Instance extends PromiseLike<Result> {
      on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
