import { isUtf8 } from 'node:buffer';
/**
 * Bounded-time fuzzing (issue #9, part 3), run with every `npm test`: each property stops after its run count or
 * its time limit, whichever comes first. A failure prints fast-check's seed and path; replay it with
 * `fc.assert(property, { seed, path, endOnFailure: true })`.
 *
 * (a) the chat command parsers, (b) the callback decoder (XML, signature, timestamp, decryption, normalisation),
 * (c) the HTTP endpoints with random bodies and headers. test/unit/commands/parse-command.property.test.ts
 * checks what the parser understands; here only that nothing hostile breaks it or what is stored from it.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_LENGTH } from '../../src/commands/normalize-text.js';
import { parseCommand, parseCommandUnguarded } from '../../src/commands/parse-command.js';
import { parseProsecutorCommand } from '../../src/commands/prosecutor-commands.js';
import { COMMAND_NAMES, type Command } from '../../src/commands/types.js';
import { CallbackRejected, checkTimestamp, decryptPayload, verifySignature, type CallbackSecrets } from '../../src/wecom/callback-crypto.js';
import { MalformedXmlError, parseWecomXml } from '../../src/wecom/callback-xml.js';
import type { InboundMessage } from '../../src/wecom/inbound-message.js';
import { normalizeCallback } from '../../src/wecom/normalize-callback.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { testWecom } from '../support/isolation.js';
import { cdata } from '../support/wecom-callback.js';
import { captureLogs, collectionsSnapshot, encryptBytes, expectNoSecretIn, queueSnapshot, quietSchedules, secretsOf, sign } from './hostile-kit.js';

// ---------------------------------------------------------------------------------------------------------------
// Hostile text
// ---------------------------------------------------------------------------------------------------------------

const char = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCharCode(code));
/** Pieces staff or an attacker could type: command words, references, operators, markup, control characters. */
const fragment = fc.oneof(
  fc.constantFrom('进度', '完成', '回复', '查询', '上报', '撤回', '帮助', '待办', '线索', '统计', '验收', '退回', '@衔接助手 ', '案号：', '当事人:', '罚款：', '\n'),
  fc.constantFrom('14号', '富检行公建〔2021〕14号', '(2021)', 'XS-2026-0001', '60%', '百分之', '六成', '120亩', '50万元', '〔', '】', '％', '２０２１'),
  fc.constantFrom('{"$gt":""}', '{"$ne":null}', '$where', 'sleep(5000)', '__proto__', 'constructor', '.*', '^', '$regex', '${x}', '<!DOCTYPE x>', ']]>', '<xml>', '&amp;'),
  char(0, 0x1f), char(0x7f, 0x9f), char(0xd800, 0xdfff), char(0xfff0, 0xffff), char(0x200b, 0x206f),
  fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const hostileText = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));
/** Up to about 2 MB: a pasted file, far over anything WeCom delivers. */
const hugeText = fc.tuple(hostileText, fc.integer({ min: MAX_INPUT_LENGTH + 1, max: 2_000_000 })).map(([text, size]) => {
  const unit = text || '进度 14号 ';
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
});

/** Every key of a value (deep), for what MongoDB and FerretDB refuse in stored documents. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}

/** The parsed command goes into the message log as it is: it must survive JSON and be a storable document. */
function expectStorable(result: unknown): void {
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  expect(keysOf(result).filter((key) => key.startsWith('$') || key.includes('.') || key.includes('\0'))).toEqual([]);
}

function expectWellFormedCommand(cmd: Command): void {
  expect(COMMAND_NAMES).toContain(cmd.command);
  expect(typeof cmd.text).toBe('string');
  expect(cmd.ref === null || (typeof cmd.ref === 'string' && cmd.ref.length > 0)).toBe(true);
  expect(cmd.percent === null || (Number.isFinite(cmd.percent) && cmd.percent >= 0 && cmd.percent <= 100)).toBe(true);
  expect(cmd.refParts === null || Number.isFinite(cmd.refParts.serial)).toBe(true);
  expect(Array.isArray(cmd.missing) && Array.isArray(cmd.problems)).toBe(true);
  for (const problem of cmd.problems) expect(typeof problem.reason === 'string' && problem.reason.length > 0).toBe(true);
  expect(cmd.hint === null || (typeof cmd.hint === 'string' && cmd.hint.length > 0)).toBe(true);
  if (cmd.command === 'unknown' || cmd.missing.length > 0) expect(cmd.hint).not.toBeNull();
  expectStorable(cmd);
}

describe('fuzz: the command parsers', () => {
  it('parseCommand never throws and returns a well-formed, storable command for hostile Unicode', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        // The unguarded parser: a bug throws here instead of being turned into 'unknown' by parseCommand's net.
        const cmd = parseCommandUnguarded(text);
        expectWellFormedCommand(cmd);
        expect(parseCommand(text)).toEqual(cmd);
      }),
      { numRuns: 3000, interruptAfterTimeLimit: 8000 },
    );
  });

  it('parseCommand reads at most its bound of huge input, quickly, and says the message was cut', () => {
    fc.assert(
      fc.property(hugeText, (text) => {
        const started = performance.now();
        const cmd = parseCommandUnguarded(text);
        expect(performance.now() - started).toBeLessThan(2000);
        expectWellFormedCommand(cmd);
        expect(cmd.text.length).toBeLessThan(20_000);
        expect(cmd.problems.some((p) => p.field === 'text')).toBe(true);
      }),
      { numRuns: 60, interruptAfterTimeLimit: 8000 },
    );
  });

  it('parseProsecutorCommand never throws and returns null or a well-formed command', () => {
    const prosecutorText = fc.oneof(hostileText, fc.tuple(fc.constantFrom('线索', '线索 ', '验收 ', '退回', '统计', '数据统计', '暂不验收 ', '受理 ', '不予受理 XS-2026-1 ', '转监察委 '), hostileText).map(([word, rest]) => word + rest));
    fc.assert(
      fc.property(fc.oneof(prosecutorText, hugeText), (text) => {
        const cmd = parseProsecutorCommand(text);
        if (cmd === null) return;
        expect(['leads', 'stats', 'review']).toContain(cmd.command);
        expect(typeof cmd.text).toBe('string');
        if (cmd.command === 'leads') expect(cmd.number === null || /^(?:XS-\d{4}-\d{4,6}|\d{1,6})$/.test(cmd.number)).toBe(true);
        if (cmd.command === 'review') {
          expect(['accept', 'send_back', 'unclear']).toContain(cmd.action);
          // An acceptance closes the rectification: never on a text with a question mark or a refusal word.
          if (cmd.action === 'accept') expect(cmd.text).not.toMatch(/[?？]|不通过|不合格|退回/);
          expect(cmd.ref === null || typeof cmd.ref === 'string').toBe(true);
          expect(typeof cmd.note).toBe('string');
        }
        expectStorable(cmd);
      }),
      { numRuns: 3000, interruptAfterTimeLimit: 8000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The callback decoder
// ---------------------------------------------------------------------------------------------------------------

const secrets: CallbackSecrets = { token: testWecom.WECOM_TOKEN, encodingAESKey: testWecom.WECOM_ENCODING_AES_KEY, receiverId: testWecom.WECOM_CORP_ID };

/** Runs `fn`; anything thrown must be one of the clean rejections the callback route answers 4xx. */
function cleanly<T>(fn: () => T): T | CallbackRejected | MalformedXmlError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CallbackRejected || error instanceof MalformedXmlError) return error;
    throw error;
  }
}

/** Element names: plain XML names, and the names that reach Object.prototype (__proto__, constructor …). */
const elementName = fc.oneof(
  fc.constantFrom('ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId', 'AgentID', 'Event', 'EventKey', 'TaskId', 'MediaId', 'Location_X', 'SelectedItems', 'SelectedItem', 'OptionIds', 'OptionId', 'QuestionKey', 'Encrypt', 'toString', 'hasOwnProperty', '__proto__', 'constructor', 'prototype'),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,12}$/),
);
const fieldValue = fc.oneof(
  fc.constantFrom('text', 'image', 'voice', 'video', 'file', 'location', 'link', 'event', 'template_card_event', 'enter_agent', 'zhangsan', '', ' '),
  // Object.prototype's names, as a MsgType or anything else looked up by name.
  fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)),
  // Unix seconds, and numbers far past any date (a CreateTime of 20 digits).
  fc.bigInt({ min: 0n, max: 99_999_999_999_999_999_999n }).map(String),
  fc.string({ unit: 'binary', maxLength: 30 }),
  hostileText,
);

interface XmlNode { name: string; children: XmlNode[] | string; cdata: boolean }
const xmlNode: fc.Arbitrary<XmlNode> = fc.letrec<{ node: XmlNode }>((tie) => ({
  node: fc.record({
    name: elementName,
    children: fc.oneof({ depthSize: 'small' }, fieldValue, fc.array(tie('node'), { maxLength: 4 })),
    cdata: fc.boolean(),
  }),
})).node;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const render = (node: XmlNode): string =>
  `<${node.name}>${typeof node.children === 'string' ? (node.cdata ? cdata(node.children) : escape(node.children)) : node.children.map(render).join('')}</${node.name}>`;
/** A WeCom-shaped document (the usual head, then random fields), a random tree, or random text. */
const callbackXml = fc.oneof(
  // A genuine text message with hostile content: keeps the success path (and its well-formedness check) busy.
  fc.tuple(hostileText, fc.bigInt({ min: 1n, max: 9_999_999_999n }), fc.stringMatching(/^[A-Za-z0-9_]{1,20}$/)).map(([content, time, from]) =>
    `<xml><ToUserName>${cdata(testWecom.WECOM_CORP_ID)}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${time}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content><MsgId>${time}</MsgId></xml>`),
  fc.tuple(fc.array(fc.tuple(elementName, fieldValue), { maxLength: 6 }), fc.array(xmlNode, { maxLength: 3 }), fieldValue, fieldValue, fc.bigInt({ min: 0n, max: 99_999_999_999_999_999_999n })).map(([fields, extra, type, from, time]) =>
    `<xml><ToUserName>${cdata(testWecom.WECOM_CORP_ID)}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${time}</CreateTime><MsgType>${cdata(type)}</MsgType>` +
    `${fields.map(([name, value]) => `<${name}>${cdata(value)}</${name}>`).join('')}${extra.map(render).join('')}</xml>`),
  xmlNode.map((node) => render({ ...node, name: 'xml' })),
  fc.tuple(fc.constantFrom('<?xml version="1.0"?>', '<!DOCTYPE xml [<!ENTITY a "b">]>', '<!-- -->', '\uFEFF', ''), hostileText).map(([prolog, text]) => `${prolog}<xml>${text}</xml>`),
  hostileText,
);

const kinds = ['text', 'image', 'voice', 'video', 'file', 'location', 'link', 'event'];

function expectWellFormedMessage(message: InboundMessage): void {
  expect(message.id).toMatch(/^(?:msg|evt):./s);
  expect(kinds).toContain(message.kind);
  expect(typeof message.from === 'string' && message.from.length > 0).toBe(true);
  expect(new Date(message.sentAt).toISOString()).toBe(message.sentAt);
  if (message.kind === 'text') expect(typeof message.text).toBe('string');
  if (message.kind === 'event') expect(typeof message.event?.name).toBe('string');
  expect(JSON.parse(JSON.stringify(message))).toEqual(message);
}

describe('fuzz: the callback decoder', () => {
  it('parseWecomXml and normalizeCallback reject hostile XML cleanly or return a well-formed message', () => {
    let accepted = 0;
    fc.assert(
      fc.property(callbackXml, (xml) => {
        const doc = cleanly(() => parseWecomXml(xml));
        const message = cleanly(() => normalizeCallback(xml));
        if (doc instanceof MalformedXmlError) expect(message).toBeInstanceOf(MalformedXmlError);
        if (!(message instanceof Error)) {
          accepted += 1;
          expectWellFormedMessage(message);
        }
      }),
      { numRuns: 3000, interruptAfterTimeLimit: 8000 },
    );
    // The generator must reach the success path too, or the well-formedness check would be idle.
    expect(accepted).toBeGreaterThan(0);
  });

  it('verifySignature and checkTimestamp refuse anything but the right signature and a recent plain timestamp, with 401, 400 or 403', () => {
    const now = Date.UTC(2026, 0, 5, 3, 0, 0);
    const timestamp = fc.oneof(fc.constantFrom(String(now / 1000), String(now / 1000 - 300), String(now / 1000 + 301)), fc.bigInt({ min: -10n, max: 10n ** 15n }).map(String), fc.string({ maxLength: 14 }));
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), timestamp, fc.string({ maxLength: 12 }), fc.string({ maxLength: 200 }), fc.boolean(), (given, ts, nonce, encrypted, genuine) => {
        const signature = genuine ? sign(secrets.token, ts, nonce, encrypted) : given;
        const verdict = cleanly(() => verifySignature(secrets, { signature, timestamp: ts, nonce }, encrypted));
        if (verdict instanceof Error) expect((verdict as CallbackRejected).status).toBe(401);
        else expect(signature.toLowerCase()).toBe(sign(secrets.token, ts, nonce, encrypted));
        const window = cleanly(() => checkTimestamp(ts, now, 300));
        const acceptable = /^\d{1,12}$/.test(ts) && Math.abs(now / 1000 - Number(ts)) <= 300;
        if (acceptable) expect(window).toBeUndefined();
        else expect([400, 403]).toContain((window as CallbackRejected).status);
      }),
      { numRuns: 3000, interruptAfterTimeLimit: 6000 },
    );
  });

  it('decryptPayload returns the plaintext only for our receiver id, and otherwise rejects cleanly, for random ciphertext', () => {
    const ciphertext = fc.oneof(
      // Properly encrypted with our key: random message bytes, receiver and (sometimes lying) length prefix.
      fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.oneof(fc.constant(testWecom.WECOM_CORP_ID), fc.string({ maxLength: 24 })), fc.option(fc.nat())).map(([msg, receiver, length]) => ({
        encrypt: encryptBytes(secrets.encodingAESKey, Buffer.from(msg), Buffer.from(receiver), length ?? msg.length), receiver, length: length ?? msg.length, msgLength: msg.length, utf8: isUtf8(msg),
      })),
      fc.oneof(fc.base64String({ maxLength: 400 }), fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64')))
        .map((encrypt) => ({ encrypt, receiver: undefined, length: undefined, msgLength: undefined, utf8: undefined })),
    );
    let decrypted = 0;
    fc.assert(
      fc.property(ciphertext, ({ encrypt, receiver, length, msgLength, utf8 }) => {
        const result = cleanly(() => decryptPayload(secrets, encrypt));
        if (typeof result === 'string') {
          decrypted += 1;
          // Only a payload that really ends with our CorpID after the declared message decrypts.
          if (receiver !== undefined) expect(receiver === testWecom.WECOM_CORP_ID && length === msgLength && utf8).toBe(true);
        } else {
          expect([400, 403]).toContain((result as CallbackRejected).status);
          // Message bytes that are not UTF-8 are refused even from us (400), never stored altered.
          if (receiver === testWecom.WECOM_CORP_ID && length === msgLength && utf8) expect.fail('our own payload was refused');
        }
      }),
      { numRuns: 2000, interruptAfterTimeLimit: 6000 },
    );
    expect(decrypted).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The HTTP endpoints
// ---------------------------------------------------------------------------------------------------------------

describe('fuzz: the HTTP endpoints never answer 5xx to random requests', () => {
  let h: BotHarness;
  const logs = captureLogs();
  beforeAll(async () => {
    process.env.CALENDAR_OVERRIDES_FILE = join(mkdtempSync(join(tmpdir(), 'fuzz-calendar-')), 'overrides.json');
    h = await startBotHarness({ logger: logs.logger, env: { API_TOKENS: apiTokensEnv, ...quietSchedules } });
  });
  afterAll(() => h.stop());

  const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
  const body = fc.oneof(
    callbackXml,
    fc.tuple(fc.base64String({ maxLength: 300 }), hostileText).map(([encrypt, to]) => `<xml><ToUserName>${cdata(to)}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt></xml>`),
    fc.json({ maxDepth: 4 }),
    fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
    // Past the callback's 64 KB and the API's 256 KB limits (the login route too).
    fc.constantFrom(70_000, 300_000).map((size) => Buffer.alloc(size, 0x7b)),
    hostileText,
  );
  const headers = fc.record({
    'content-type': fc.constantFrom('text/xml', 'application/json', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
    authorization: fc.oneof(fc.constant(''), printable.map((v) => `Bearer ${v}`), fc.constantFrom(`Bearer ${apiTokens.prosecutor}`, `Bearer ${apiTokens.linyeAdmin}`, 'Basic Og==', 'Bearer')),
    cookie: fc.oneof(fc.constant(''), printable.map((v) => `lb_session=${v}`), printable),
    'x-forwarded-for': fc.oneof(fc.constant(''), printable),
    accept: fc.constantFrom('*/*', 'application/json', 'text/html', ''),
  }, { requiredKeys: [] }).map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== '')));
  const query = fc.dictionary(fc.constantFrom('msg_signature', 'timestamp', 'nonce', 'echostr', 'page', 'pageSize', 'agency', 'q', 'format', 'agency[$ne]', 'status'), fc.oneof(printable, fc.bigInt({ min: 0n, max: 10n ** 13n }).map(String)), { maxKeys: 5 });
  const path = fc.oneof(
    fc.constantFrom('/wecom/callback', '/wecom/callback', '/wecom/callback', '/api/login', '/api/me', '/api/staff', '/api/agencies', '/api/recommendations', '/api/cases', '/api/leads', '/api/board', '/api/stats', '/api/audit', '/api/rules', '/healthz', '/dashboard/', '/admin/queues'),
    fc.tuple(fc.constantFrom('/api/recommendations/', '/api/cases/', '/api/leads/', '/api/evidence/', '/api/staff/', '/api/rules/'), printable).map(([base, id]) => base + encodeURIComponent(id)),
  );

  it('for random methods, paths, queries, headers and bodies, and stores nothing', async () => {
    const before = { data: await collectionsSnapshot(h, ['messages', 'agencies', 'staff', 'recommendations', 'progress', 'cases', 'leads']), queues: await queueSnapshot(h) };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE'), path, query, headers, body, async (method, where, params, head, payload) => {
        const url = `${h.runtime.url}${where}${Object.keys(params).length ? `?${new URLSearchParams(params)}` : ''}`;
        const response = await fetch(url, { method, headers: head, body: method === 'GET' ? undefined : payload, redirect: 'manual' });
        await response.arrayBuffer();
        expect(response.status, `${method} ${where}`).toBeLessThan(500);
      }),
      { numRuns: 1500, interruptAfterTimeLimit: 12_000 },
    );
    expect((await fetch(`${h.runtime.url}/healthz`)).status).toBe(200);
    // Random requests carry no valid signature and only read-only or refused API calls: nothing was kept.
    expect({ data: await collectionsSnapshot(h, ['messages', 'agencies', 'staff', 'recommendations', 'progress', 'cases', 'leads']), queues: await queueSnapshot(h) }).toEqual(before);
    // Real tokens travelled in some of the headers: none of them, and no other secret, reached the logs.
    expect(logs.entries().filter((e) => e.msg === 'callback rejected' || e.msg === 'api access refused').length).toBeGreaterThan(0);
    expectNoSecretIn(logs.text(), secretsOf(h));
  }, 30_000);
});

