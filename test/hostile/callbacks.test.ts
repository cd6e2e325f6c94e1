/**
 * Hostile callbacks (issue #9, part 3): forged, replayed, entity-laden, oversized and mis-encoded POSTs to
 * /wecom/callback. Each must be answered 4xx, logged as a rejection without any secret, and leave MongoDB, the
 * queues and the fake WeCom exactly as they were. test/e2e/wecom-callback.test.ts covers the basic refusals
 * (bad signature, another key or corp, stale timestamp, malformed XML, an outer entity bomb, 2 MB); these go further.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLogModel } from '../../src/models/message-log.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { callbackBodyLimit } from '../../src/server/wecom-callback.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { buildCallback, buildVerification, postCallback, textXml, type Callback } from '../support/wecom-callback.js';
import {
  captureLogs, collectionsSnapshot, domainCollections, encryptBytes, expectNoSecretIn, postRawCallback, queueSnapshot,
  quietSchedules, secretsOf, settle, signedEnvelope, warnLevel,
} from './hostile-kit.js';

const ref14 = '富检行公建[2021]14号';
const logs = captureLogs();

/** A server that counts every request it gets: an XML parser that resolved an external entity would call it. */
async function startCanary(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.end('<!ENTITY stolen "gotcha">');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('hostile WeCom callbacks are refused with a 4xx, logged without secrets, and change nothing', () => {
  let h: BotHarness;
  let canary: Awaited<ReturnType<typeof startCanary>>;
  beforeAll(async () => {
    canary = await startCanary();
    h = await startBotHarness({ logger: logs.logger, env: quietSchedules });
  });
  afterAll(async () => {
    await h.stop();
    await canary.close();
  });

  const secrets = () => ({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID });
  const nowSeconds = (offset = 0) => String(Math.floor(h.clock.now() / 1000) + offset);
  const text = (content: string, msgId = newMsgId()) => textXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from: 'zhangsan', content, msgId });
  /** A text message whose Content is raw XML (no CDATA), so an entity reference in it would be expanded. */
  const rawContentXml = (content: string) =>
    `<xml><ToUserName>${h.config.WECOM_CORP_ID}</ToUserName><FromUserName>zhangsan</FromUserName><CreateTime>${nowSeconds()}</CreateTime>` +
    `<MsgType>text</MsgType><Content>${content}</Content><MsgId>${newMsgId()}</MsgId><AgentID>${h.config.WECOM_AGENT_ID}</AgentID></xml>`;
  /** A callback WeCom itself would sign and encrypt, around any plaintext. */
  const signed = (xml: string, timestamp = nowSeconds()) => buildCallback({ ...secrets(), xml, timestamp });
  /** Everything a refused callback must not touch. */
  const state = async () => ({
    data: await collectionsSnapshot(h, [...domainCollections, 'messages', 'audit', 'deliveries']),
    queues: await queueSnapshot(h),
    sent: h.fake.appMessages().length,
  });

  /** Sends, then checks the status, the one 'callback rejected' warning, and that nothing changed. */
  async function expectRefused(send: () => Promise<Response | undefined>, status: number, reason: RegExp): Promise<Response | undefined> {
    await settle(h);
    const before = await state();
    const mark = logs.entries().length;
    const response = await send();
    if (response) expect(response.status).toBe(status);
    expect(await state()).toEqual(before);
    const rejections = logs.since(mark).filter((e) => e.msg === 'callback rejected');
    expect(rejections).toEqual([expect.objectContaining({ level: warnLevel, status, reason: expect.stringMatching(reason) })]);
    return response;
  }

  describe('forged callbacks', () => {
    it('refuses a genuine signature presented with another genuine body (401)', async () => {
      const signedForA = signed(text('进度 富检行公建〔2021〕14号 10% A'));
      const bodyOfB = signed(text('进度 富检行公建〔2021〕14号 99% B')).body;
      await expectRefused(() => postCallback(h.runtime.url!, { query: signedForA.query, body: bodyOfB }), 401, /signature mismatch/);
    });

    it('refuses a captured callback whose timestamp or nonce was changed to get past the replay window (401)', async () => {
      const captured = signed(text('进度 富检行公建〔2021〕14号 10%'), nowSeconds(-3600));
      await expectRefused(() => postCallback(h.runtime.url!, { ...captured, query: { ...captured.query, timestamp: nowSeconds() } }), 401, /signature mismatch/);
      await expectRefused(() => postCallback(h.runtime.url!, { ...captured, query: { ...captured.query, nonce: `${captured.query.nonce}0` } }), 401, /signature mismatch/);
    });

    it('refuses a callback signed with another Token (401)', async () => {
      const forged = buildCallback({ ...secrets(), token: 'notOurToken', xml: text('帮助'), timestamp: nowSeconds() });
      await expectRefused(() => postCallback(h.runtime.url!, forged), 401, /signature mismatch/);
    });

    it.each([
      ['a receiver id that only starts with our CorpID', (corpId: string) => Buffer.from(`${corpId}x`)],
      ['a receiver id that is our CorpID with a NUL byte after it', (corpId: string) => Buffer.concat([Buffer.from(corpId), Buffer.from([0])])],
      ['an empty receiver id', () => Buffer.alloc(0)],
    ])('refuses a correctly signed payload carrying %s (403)', async (_label, receiver) => {
      const encrypt = encryptBytes(h.config.WECOM_ENCODING_AES_KEY, Buffer.from(text('帮助')), receiver(h.config.WECOM_CORP_ID));
      const callback = signedEnvelope({ token: h.config.WECOM_TOKEN, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, encrypt, timestamp: nowSeconds() });
      await expectRefused(() => postCallback(h.runtime.url!, callback), 403, /another receiver id/);
    });

    it('refuses a payload whose length prefix points past its end, swallowing the receiver id (403)', async () => {
      const encrypt = encryptBytes(h.config.WECOM_ENCODING_AES_KEY, Buffer.from(text('帮助')), Buffer.from(h.config.WECOM_CORP_ID), 0xffffffff);
      const callback = signedEnvelope({ token: h.config.WECOM_TOKEN, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, encrypt, timestamp: nowSeconds() });
      await expectRefused(() => postCallback(h.runtime.url!, callback), 403, /another receiver id/);
    });

    it.each([
      ['not a whole number of AES blocks', () => Buffer.alloc(40, 7).toString('base64')],
      ['shorter than the 20-byte header', () => Buffer.alloc(16, 1).toString('base64')],
      ['not base64 at all', () => '!!!!****####'],
    ])('refuses correctly signed ciphertext that is %s (400)', async (_label, encrypt) => {
      const callback = signedEnvelope({ token: h.config.WECOM_TOKEN, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, encrypt: encrypt(), timestamp: nowSeconds() });
      await expectRefused(() => postCallback(h.runtime.url!, callback), 400, /does not decrypt/);
    });

    it('refuses a forged URL verification and does not echo the plaintext (401)', async () => {
      const { query, echostr } = buildVerification({ ...secrets(), token: 'notOurToken', timestamp: nowSeconds() });
      const mark = logs.entries().length;
      const response = await fetch(`${h.runtime.url}/wecom/callback?${new URLSearchParams(query)}`);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain(echostr);
      expect(logs.since(mark)).toEqual([expect.objectContaining({ msg: 'callback rejected', status: 401 })]);
    });
  });

  describe('replayed callbacks', () => {
    it('refuses a timestamp one second outside WECOM_CALLBACK_MAX_SKEW_S, in the past or the future, and accepts one just inside', async () => {
      const skew = h.config.WECOM_CALLBACK_MAX_SKEW_S;
      expect(skew).toBe(300);
      await expectRefused(() => postCallback(h.runtime.url!, signed(text('帮助'), nowSeconds(-(skew + 1)))), 403, /replay window/);
      await expectRefused(() => postCallback(h.runtime.url!, signed(text('帮助'), nowSeconds(skew + 1))), 403, /replay window/);
      const msgId = newMsgId();
      expect((await postCallback(h.runtime.url!, signed(text('帮助', msgId), nowSeconds(-(skew - 1))))).status).toBe(200);
      await settle(h);
      expect(await messageLogModel(h.runtime.mongo).countDocuments({ _id: `msg:${msgId}` })).toBe(1);
    });

    it.each(['1e9', '-1', '0x6543', ' 1764036000', '17640360001764036000'])('refuses the correctly signed timestamp %j, which is not plain seconds (400)', async (timestamp) => {
      await expectRefused(() => postCallback(h.runtime.url!, signed(text('帮助'), timestamp)), 400, /timestamp is not a number/);
    });

    it('records a progress update once when the same callback comes again after it was handled, and when it is re-signed with a fresh timestamp', async () => {
      const msgId = newMsgId();
      const xml = text(`进度 ${ref14} 45% 补种苗木500株`, msgId);
      const original = signed(xml);
      expect((await postCallback(h.runtime.url!, original)).status).toBe(200);
      await settle(h);
      const recorded = { rec: await recommendationModel(h.runtime.mongo).findById(ref14).lean(), sent: h.fake.appMessages().length };
      expect(recorded.rec?.percent).toBe(45);

      h.clock.advance(60_000);
      expect((await postCallback(h.runtime.url!, original)).status).toBe(200);
      expect((await postCallback(h.runtime.url!, signed(xml))).status).toBe(200);
      await settle(h);
      expect(await progressModel(h.runtime.mongo).countDocuments({ _id: `msg:${msgId}` })).toBe(1);
      expect(await messageLogModel(h.runtime.mongo).countDocuments({ _id: `msg:${msgId}` })).toBe(1);
      expect(await recommendationModel(h.runtime.mongo).findById(ref14).lean()).toEqual(recorded.rec);
      expect(h.fake.appMessages().length).toBe(recorded.sent);
    });
  });

  describe('XML entities and DTDs', () => {
    const bomb = '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>';
    const declarations = (canaryUrl: string): Array<[string, string, string]> => [
      ['an external entity reading /etc/passwd', '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;'],
      ['an external entity fetching a URL', `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "${canaryUrl}/general">]>`, '&xxe;'],
      ['a parameter entity fetching a DTD', `<!DOCTYPE xml [<!ENTITY % remote SYSTEM "${canaryUrl}/evil.dtd"> %remote;]>`, '&stolen;'],
      ['a lower-case doctype with a public id', `<!doctype xml PUBLIC "-//x//y" "${canaryUrl}/public.dtd">`, 'x'],
      ['a billion-laughs bomb', bomb, '&d;'],
    ];

    it('refuses every DTD in the outer envelope before checking the signature, fetching nothing (400)', async () => {
      for (const [label, doctype, reference] of declarations(canary.url)) {
        const body = `<?xml version="1.0"?>${doctype}<xml><ToUserName>${reference}</ToUserName><Encrypt>${reference}</Encrypt></xml>`;
        const response = await expectRefused(() => postCallback(h.runtime.url!, { query: { msg_signature: 'f'.repeat(40), timestamp: nowSeconds(), nonce: '1' }, body }), 400, /DTDs and entities/);
        expect(await response!.text(), label).not.toMatch(/root:|gotcha/);
      }
      expect(canary.hits()).toBe(0);
    });

    it('refuses every DTD inside a correctly signed and encrypted message, fetching nothing (400)', async () => {
      for (const [label, doctype, reference] of declarations(canary.url)) {
        const response = await expectRefused(() => postCallback(h.runtime.url!, signed(`<?xml version="1.0"?>${doctype}${rawContentXml(reference)}`)), 400, /DTDs and entities/);
        expect(await response!.text(), label).not.toMatch(/root:|gotcha/);
      }
      expect(canary.hits()).toBe(0);
    });
  });

  describe('oversized bodies', () => {
    it(`refuses a body one byte over ${callbackBodyLimit} bytes with 413`, async () => {
      const head = '<xml><Encrypt><![CDATA[';
      const tail = ']]></Encrypt></xml>';
      const body = `${head}${'A'.repeat(callbackBodyLimit + 1 - head.length - tail.length)}${tail}`;
      expect(Buffer.byteLength(body)).toBe(callbackBodyLimit + 1);
      await expectRefused(() => postCallback(h.runtime.url!, { query: { msg_signature: 'f'.repeat(40), timestamp: nowSeconds(), nonce: '1' }, body }), 413, /body over 65536 bytes/);
    });

    it('refuses a chunked body without Content-Length once it passes the limit, without reading it all', async () => {
      let written = 0;
      const chunk = Buffer.alloc(16 * 1024, 'A');
      const send = () => new Promise<Response | undefined>((resolve) => {
        const req = request(`${h.runtime.url}/wecom/callback?msg_signature=${'f'.repeat(40)}&timestamp=${nowSeconds()}&nonce=1`, { method: 'POST', headers: { 'content-type': 'text/xml' } }, (res) => {
          res.resume();
          resolve(new Response(null, { status: res.statusCode }));
        });
        // The server may cut the connection on a refused upload; what matters is that nothing was kept.
        req.on('error', () => resolve(undefined));
        const pump = () => {
          while (written < 8 * 1024 * 1024) {
            written += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        req.write('<xml><Encrypt>');
        pump();
      });
      await expectRefused(send, 413, /body over 65536 bytes/);
      expect(written).toBeLessThan(8 * 1024 * 1024);
    });
  });

  describe('invalid UTF-8 and other encodings', () => {
    const callbackWithBytes = (mutate: (body: Buffer) => Buffer): { query: Callback['query']; body: Buffer } => {
      const callback = signed(text('帮助'));
      return { query: callback.query, body: mutate(Buffer.from(callback.body, 'utf8')) };
    };

    it('refuses invalid UTF-8 inside the Encrypt element (400, before the signature is even checked)', async () => {
      const { query, body } = callbackWithBytes((bytes) => {
        const at = bytes.indexOf('<Encrypt><![CDATA[') + '<Encrypt><![CDATA['.length + 8;
        return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), bytes.subarray(at)]);
      });
      await expectRefused(() => postRawCallback(h.runtime.url!, query, body), 400, /not valid UTF-8/);
    });

    it('refuses a body in UTF-16 with a byte-order mark (400)', async () => {
      const { query, body } = callbackWithBytes((bytes) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]));
      await expectRefused(() => postRawCallback(h.runtime.url!, query, body), 400, /not valid UTF-8/);
    });

    it('refuses an overlong UTF-8 encoding of "<" used to hide a DOCTYPE (400)', async () => {
      const { query, body } = callbackWithBytes((bytes) => Buffer.concat([Buffer.from([0xc0, 0xbc]), Buffer.from('!DOCTYPE xml [<!ENTITY x "y">]>'), bytes]));
      await expectRefused(() => postRawCallback(h.runtime.url!, query, body), 400, /not valid UTF-8/);
    });
  });

  it('wrote no secret to the logs during all of the above, and did log every refusal', () => {
    const rejections = logs.entries().filter((e) => e.msg === 'callback rejected');
    expect(rejections.length).toBeGreaterThanOrEqual(30);
    expectNoSecretIn(logs.text(), secretsOf(h));
  });
});
