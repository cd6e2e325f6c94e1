/**
 * tsx scripts/bench/reference-server.ts bare|floor|naive   (floor needs REDIS_URL and QUEUE_KEY, naive MONGODB_URI)
 *
 * The servers the bot's callback acknowledgement is compared with, each in a process of its own like the
 * bot's web role, on the same path. Prints `listening <url>` once it accepts requests.
 * - bare: a Koa route that only answers 200 — the floor of Koa and HTTP on this machine.
 * - floor: the least any design may do before answering 200 — read the body, check the signature over the
 *   Encrypt element, keep the body in Redis (one LPUSH, auto-pipelined) — and nothing more: no XML parser, no
 *   decryption, no de-duplication, no job. Whatever the bot does beyond this is a choice; this much is not.
 * - naive: the design the bot avoids — decrypt, save the message with mongoose and reply, all inside the
 *   request, so every callback waits for MongoDB.
 */
import { randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { encrypt, getSignature } from '@wecom/crypto';
import { Redis } from 'ioredis';
import Koa from 'koa';
import { connectMongo } from '../../src/db/connect.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { callbackBodyLimit } from '../../src/server/wecom-callback.js';
import { readBody } from '../../src/server/read-body.js';
import { CallbackRejected, checkTimestamp, decryptPayload, verifySignature, type CallbackSecrets } from '../../src/wecom/callback-crypto.js';
import { field, parseWecomXml } from '../../src/wecom/callback-xml.js';
import { normalizeCallback } from '../../src/wecom/normalize-callback.js';
import type { InboundMessage } from '../../src/wecom/inbound-message.js';
import { cdata } from '../../test/support/wecom-callback.js';
import { demoWecom } from '../lib/demo-identity.js';

const secrets: CallbackSecrets = { token: demoWecom.WECOM_TOKEN, encodingAESKey: demoWecom.WECOM_ENCODING_AES_KEY, receiverId: demoWecom.WECOM_CORP_ID };
/** WeCom's default replay window, as the bot's. */
const maxSkewSeconds = 300;

/** A passive reply (被动回复): the answer text, encrypted and signed, in the HTTP response itself. */
function passiveReply(message: InboundMessage, text: string): string {
  const now = Math.floor(Date.now() / 1000);
  const plain = `<xml><ToUserName>${cdata(message.from)}</ToUserName><FromUserName>${cdata(secrets.receiverId)}</FromUserName>` +
    `<CreateTime>${now}</CreateTime><MsgType>text</MsgType><Content>${cdata(text)}</Content></xml>`;
  const encrypted = encrypt(secrets.encodingAESKey, plain, secrets.receiverId);
  const nonce = String(randomInt(1e9, 1e10));
  return `<xml><Encrypt>${cdata(encrypted)}</Encrypt><MsgSignature>${cdata(getSignature(secrets.token, now, nonce, encrypted))}</MsgSignature>` +
    `<TimeStamp>${now}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`;
}

/** The naive route: everything the bot defers to its worker happens before the answer. */
async function naiveRoute(router: Router): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('the naive server needs MONGODB_URI');
  const messages = messageLogModel(await connectMongo(uri));
  router.post('/wecom/callback', async (ctx) => {
    const param = (name: string) => {
      const value = ctx.query[name];
      if (typeof value !== 'string') throw new CallbackRejected(400, `missing query parameter ${name}`);
      return value;
    };
    const [signature, timestamp, nonce] = [param('msg_signature'), param('timestamp'), param('nonce')];
    const encrypted = field(parseWecomXml(await readBody(ctx.req, callbackBodyLimit)), 'Encrypt') ?? '';
    verifySignature(secrets, { signature, timestamp, nonce }, encrypted);
    checkTimestamp(timestamp, Date.now(), maxSkewSeconds);
    const message = normalizeCallback(decryptPayload(secrets, encrypted));
    const now = new Date();
    try {
      await messages.create({
        _id: message.id, channel: message.channel, kind: message.kind, from: message.from, text: message.text,
        sentAt: new Date(message.sentAt), receivedAt: now, message: { ...message }, state: 'handled', handledAt: now, replies: 1,
      });
    } catch (error) {
      // A duplicate key is WeCom retrying a message already kept: answer it again, keep nothing twice.
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    ctx.type = 'text/xml';
    ctx.body = passiveReply(message, '已收到');
  });
}

/** The floor route: signature checked over the Encrypt element, the body kept in a Redis list, 200. */
function floorRoute(router: Router): void {
  const url = process.env.REDIS_URL;
  const key = process.env.QUEUE_KEY;
  if (!url || !key) throw new Error('the floor server needs REDIS_URL and QUEUE_KEY');
  const redis = new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
  router.post('/wecom/callback', async (ctx) => {
    const { msg_signature: signature, timestamp, nonce } = ctx.query;
    if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') throw new CallbackRejected(400, 'missing query parameter');
    const body = await readBody(ctx.req, callbackBodyLimit);
    // A search, not a parser: the floor must not be charged for work a design could skip.
    const encrypted = /<Encrypt><!\[CDATA\[([^\]]*)\]\]><\/Encrypt>/.exec(body)?.[1] ?? '';
    verifySignature(secrets, { signature, timestamp, nonce }, encrypted);
    checkTimestamp(timestamp, Date.now(), maxSkewSeconds);
    await redis.lpush(key, body);
    ctx.status = 200;
    ctx.body = '';
  });
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  const app = new Koa({ proxy: false });
  const router = new Router();
  if (kind === 'bare') {
    router.post('/wecom/callback', (ctx) => {
      ctx.status = 200;
      ctx.body = '';
    });
  } else if (kind === 'naive' || kind === 'floor') {
    if (kind === 'naive') await naiveRoute(router);
    else floorRoute(router);
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = error instanceof CallbackRejected ? error.status : 500;
        ctx.body = { error: (error as Error).message };
      }
    });
  } else {
    throw new Error('usage: reference-server.ts bare|floor|naive');
  }
  app.use(router.routes());
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // listen() on a TCP port always yields an AddressInfo.
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(`reference server failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
