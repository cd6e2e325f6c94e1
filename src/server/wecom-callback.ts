import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { InboundQueue } from '../queue/inbound-queue.js';
import { CallbackRejected, checkTimestamp, decryptPayload, verifySignature, type CallbackSecrets } from '../wecom/callback-crypto.js';
import { field, MalformedXmlError, parseWecomXml } from '../wecom/callback-xml.js';
import { normalizeCallback } from '../wecom/normalize-callback.js';
import { readBody } from './read-body.js';

/** Real callbacks are a few KB; anything far larger is not from WeCom. */
export const callbackBodyLimit = 64 * 1024;

export interface CallbackRouteDeps {
  inbound: InboundQueue;
  logger: Logger;
  now: () => number;
}

function queryParams(ctx: Context, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = ctx.query[name];
    if (typeof value !== 'string' || value === '') throw new CallbackRejected(400, `missing query parameter ${name}`);
    out[name] = value;
  }
  return out;
}

/**
 * Mounts the self-built app callback: GET verifies the URL, POST receives messages.
 * A POST is answered 200 only once the message is in the `inbound` queue; 503 makes WeCom retry.
 */
export function mountWecomCallback(router: Router, config: Config, deps: CallbackRouteDeps): void {
  const secrets: CallbackSecrets = {
    token: config.WECOM_TOKEN,
    encodingAESKey: config.WECOM_ENCODING_AES_KEY,
    receiverId: config.WECOM_CORP_ID,
  };
  const log = deps.logger.child({ route: 'wecom-callback' });

  const guard = async (ctx: Context, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      if (error instanceof CallbackRejected || error instanceof MalformedXmlError) {
        const status = error instanceof CallbackRejected ? error.status : 400;
        log.warn({ status, reason: error.message, ip: ctx.ip }, 'callback rejected');
        ctx.status = status;
        ctx.body = { error: error.message };
        return;
      }
      throw error;
    }
  };

  router.get('/wecom/callback', (ctx) =>
    guard(ctx, async () => {
      const q = queryParams(ctx, ['msg_signature', 'timestamp', 'nonce', 'echostr']);
      verifySignature(secrets, { signature: q.msg_signature!, timestamp: q.timestamp!, nonce: q.nonce! }, q.echostr!);
      checkTimestamp(q.timestamp!, deps.now(), config.WECOM_CALLBACK_MAX_SKEW_S);
      ctx.type = 'text/plain';
      ctx.body = decryptPayload(secrets, q.echostr!);
    }),
  );

  router.post('/wecom/callback', (ctx) =>
    guard(ctx, async () => {
      const q = queryParams(ctx, ['msg_signature', 'timestamp', 'nonce']);
      const body = await readBody(ctx.req, callbackBodyLimit);
      const encrypted = field(parseWecomXml(body), 'Encrypt');
      if (!encrypted) throw new CallbackRejected(400, 'no Encrypt element');
      verifySignature(secrets, { signature: q.msg_signature!, timestamp: q.timestamp!, nonce: q.nonce! }, encrypted);
      checkTimestamp(q.timestamp!, deps.now(), config.WECOM_CALLBACK_MAX_SKEW_S);
      const message = normalizeCallback(decryptPayload(secrets, encrypted));
      try {
        await deps.inbound.enqueue(message);
      } catch (error) {
        // Not kept, so not acknowledged: WeCom retries a callback that is not answered 200.
        log.error({ err: (error as Error).message, messageId: message.id }, 'could not queue callback; answering 503');
        ctx.status = 503;
        ctx.body = { error: 'temporarily unavailable' };
        return;
      }
      log.debug({ messageId: message.id, kind: message.kind }, 'callback queued');
      ctx.status = 200;
      ctx.body = '';
    }),
  );
}
