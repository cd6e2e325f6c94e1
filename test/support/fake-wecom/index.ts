import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppApi, type FakeUser } from './app-api.js';
import { createBotMediaStore } from './bot-media.js';
import { pollUntil, type FakeContext } from './context.js';
import { errmsgFor, wecomError } from './errors.js';
import { parseMultipart, readBody, writeResult, type ApiRequest, type ApiResult, type Route } from './http-kit.js';
import { createLongConnection, type FakeBot } from './long-connection.js';
import { createMediaStore, mediaRoutes } from './media.js';
import { createTokenStore } from './tokens.js';
import { createWebhookApi, type RobotMessage } from './webhook.js';
import { inspectionPrefix, serveInspection } from './inspection.js';
import { malformedStrings, type MalformedString } from './well-formed.js';

export type { FakeUser } from './app-api.js';
export type { BotEvent, BotFrame, FakeBot, PushTarget } from './long-connection.js';
export type { RobotMessage } from './webhook.js';
export type { MalformedString } from './well-formed.js';

/** Identity and limits of the fake corp. */
export interface FakeWecomOptions {
  /** CorpID that gettoken accepts (40013 otherwise). */
  corpId: string;
  /** The app's Secret (40001 otherwise). */
  corpSecret: string;
  /** AgentId the message APIs require. */
  agentId: string | number;
  /** Intelligent bot credentials for aibot_subscribe. */
  botId?: string;
  botSecret?: string;
  /** Lifetime of an access_token; 7200 s like WeCom. */
  tokenTtlSeconds?: number;
  /** Messages per sliding minute per group robot before 45009; 20 like WeCom. */
  robotLimitPerMinute?: number;
  /** App messages per member per sliding minute and hour before WeCom discards the rest; 30 and 1000 like WeCom. */
  memberLimit?: { perMinute: number; perHour: number };
  /** Clock in ms; move it instead of sleeping (token expiry, robot rate limit, media and response_code lifetimes). */
  now?: () => number;
}

/** One HTTP request the fake received and how it answered. */
export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON; for an upload `{ filename, size, sha256 }`; raw text for anything else. */
  body: unknown;
  status: number;
  /** The JSON answer, or `{ contentType, size }` for bytes. */
  response: unknown;
}

/** A failure to inject: an errcode in a 200 JSON answer, an HTTP status, or both. */
export interface FailureOptions {
  errcode?: number;
  httpStatus?: number;
  /** How many of the next calls fail; 1 unless given. */
  times?: number;
}

/** A running fake WeCom: HTTP API, group-robot webhooks and the intelligent bot's long connection on one port. */
export interface FakeWecom {
  /** `http://127.0.0.1:PORT`: the bot's WECOM_API_BASE. */
  readonly apiBase: string;
  /** `ws://127.0.0.1:PORT`: the bot's WECOM_WS_URL. */
  readonly wsUrl: string;
  /** Adds a member: message/send to anyone else comes back in invaliduser. */
  addUser(user: FakeUser): void;
  /** Adds a group-robot key; unknown keys get 93000. */
  addRobot(key: string): void;
  /** Stores an app media file (as if a user had sent it) and returns its media_id for callback XML. */
  addMedia(media: { bytes: Buffer; filename: string; contentType?: string; type?: string }): string;
  /** Every token issued so far expires: the next call with one gets 42001. */
  expireToken(): void;
  /** The next `times` calls of `path` (e.g. '/cgi-bin/message/send') fail as described (errcode -1 by default). */
  failNext(path: string, failure?: FailureOptions): void;
  /**
   * Holds calls of `path` as a slow network would: they wait, unanswered and unprocessed, until `release`.
   * A held call whose client has gone (a killed process) is then dropped without effect, as a request that
   * never reached WeCom; the others are processed in order.
   */
  hold(path: string): void;
  release(path: string): void;
  /** Calls of `path` waiting in a hold. */
  heldCount(path?: string): number;
  readonly requests: RecordedRequest[];
  /** Bodies of delivered message/send calls (`touser` narrowed to the members who got it). */
  appMessages(): Record<string, unknown>[];
  /** Messages message/send accepted but discarded for members over their limit, one entry per member. */
  droppedAppMessages(): Array<{ userid: string; body: Record<string, unknown> }>;
  /** Bodies of accepted message/update_template_card calls. */
  cardUpdates(): Record<string, unknown>[];
  /** Accepted group-robot messages, of one robot or all. */
  robotMessages(key?: string): RobotMessage[];
  /** The response_code message/send returned for the card with this task_id. */
  responseCode(taskId: string): string | undefined;
  /** A new response_code for that card, as a template_card_event callback would carry. */
  issueResponseCode(taskId: string): string;
  /** The gettoken calls received. */
  tokenRequests(): RecordedRequest[];
  /**
   * Every string the bot sent (API bodies and long-connection frames, accepted or not) that is not well-formed UTF-16 —
   * a lone surrogate from text cut inside an emoji. The fake takes such bodies, as WeCom's answer is not documented;
   * tests assert this is empty.
   */
  malformedStrings(): MalformedString[];
  /** Polls `predicate` over recorded state until it yields a value (not undefined/null/false). */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  readonly bot: FakeBot;
  close(): Promise<void>;
}

const jsonBodyLimit = 2 * 1024 * 1024;
const contentTypes: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', amr: 'voice/amr', mp4: 'video/mp4', pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xls: 'application/vnd.ms-excel',
};

/** Starts a fake WeCom on a free local port. */
export async function createFakeWecom(options: FakeWecomOptions): Promise<FakeWecom> {
  let apiBase = '';
  const ctx: FakeContext = {
    corpId: options.corpId,
    corpSecret: options.corpSecret,
    agentId: String(options.agentId),
    botId: options.botId ?? 'fake-aibot-id',
    botSecret: options.botSecret ?? 'fake-aibot-secret',
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    robotLimitPerMinute: options.robotLimitPerMinute ?? 20,
    memberLimit: options.memberLimit ?? { perMinute: 30, perHour: 1000 },
    now: options.now ?? Date.now,
    apiBase: () => apiBase,
  };
  const server = createServer();
  const tokens = createTokenStore(ctx);
  const media = createMediaStore(ctx);
  const botMedia = createBotMediaStore(ctx);
  const app = createAppApi(ctx, tokens, media);
  const webhook = createWebhookApi(ctx, media);
  const bot = createLongConnection(server, ctx, botMedia);
  const routeList = [tokens.route, ...app.routes, ...mediaRoutes(media, tokens), ...webhook.routes, botMedia.downloadRoute];
  const routes = new Map(routeList.map((route) => [route.path, route]));
  const failures = new Map<string, Array<Required<Pick<FailureOptions, 'times'>> & FailureOptions>>();
  const requests: RecordedRequest[] = [];
  const holds = new Map<string, { waiting: number; released: Promise<void>; release: () => void }>();
  const addMedia: FakeWecom['addMedia'] = ({ bytes, filename, contentType, type }) => {
    const extension = filename.split('.').pop()?.toLowerCase() ?? '';
    const guessed = contentTypes[extension] ?? 'application/octet-stream';
    return media.add('app', { type: type ?? (guessed.startsWith('image/') ? 'image' : 'file'), filename, contentType: contentType ?? guessed, bytes }).mediaId;
  };

  function injectedFailure(path: string): ApiResult | undefined {
    const queue = failures.get(path);
    const failure = queue?.[0];
    if (!queue || !failure) return undefined;
    if (--failure.times <= 0) queue.shift();
    if (failure.errcode === undefined && failure.httpStatus !== undefined) {
      // A gateway in front of WeCom answers 5xx with an HTML page, not WeCom JSON.
      const page = `<html><body><h1>${failure.httpStatus}</h1></body></html>`;
      return { status: failure.httpStatus, bytes: Buffer.from(page), headers: { 'content-type': 'text/html' } };
    }
    const errcode = failure.errcode ?? -1;
    return { status: failure.httpStatus ?? 200, json: { errcode, errmsg: errmsgFor(errcode) } };
  }

  function answer(route: Route | undefined, request: ApiRequest): ApiResult {
    if (!route) return { status: 404, bytes: Buffer.from('not found'), headers: { 'content-type': 'text/plain' } };
    if (route.method !== request.method) return { status: 405, bytes: Buffer.from('method not allowed'), headers: { 'content-type': 'text/plain' } };
    return injectedFailure(route.path) ?? route.handle(request);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    if (url.pathname.startsWith(inspectionPrefix)) return serveInspection(req, res, url, { requests: () => requests, addMedia });
    const route = routes.get(url.pathname);
    const raw = await readBody(req, route?.bodyLimit ?? jsonBodyLimit);
    const hold = holds.get(url.pathname);
    if (hold) {
      hold.waiting++;
      await hold.released;
      hold.waiting--;
      if (res.destroyed || req.socket.destroyed) return;
    }
    const request = parseRequest(req, url, raw === 'too-large' ? Buffer.alloc(0) : raw);
    // WeCom's answer to an oversize body is not documented where we looked: HTTP 413 with 45002 (content size out of limit).
    const result = raw === 'too-large' ? wecomError(45002, 'request body too large', 413) : answer(route, request);
    const response = 'json' in result ? result.json : { contentType: result.headers['content-type'], size: result.bytes.length };
    const { method, path, query } = request;
    requests.push({ at: ctx.now(), method, path, query, body: recordedBody(request, raw), status: result.status, response });
    writeResult(res, result);
  }

  server.on('request', (req, res) => {
    serve(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake WeCom failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // listen() on a TCP port always yields an AddressInfo
  apiBase = `http://127.0.0.1:${port}`;

  return {
    apiBase,
    wsUrl: `ws://127.0.0.1:${port}`,
    addUser: app.addUser,
    addRobot: webhook.addRobot,
    addMedia,
    expireToken: tokens.expireAll,
    failNext(path, failure = {}) {
      const queue = failures.get(path) ?? [];
      queue.push({ ...failure, times: failure.times ?? 1 });
      failures.set(path, queue);
    },
    hold(path) {
      if (holds.has(path)) return;
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(path, { waiting: 0, released, release });
    },
    release(path) {
      holds.get(path)?.release();
      holds.delete(path);
    },
    heldCount: (path) => [...holds.entries()].filter(([p]) => path === undefined || p === path).reduce((n, [, h]) => n + h.waiting, 0),
    requests,
    appMessages: app.appMessages,
    droppedAppMessages: app.droppedAppMessages,
    cardUpdates: app.cardUpdates,
    robotMessages: webhook.robotMessages,
    responseCode: app.responseCode,
    issueResponseCode: app.issueResponseCode,
    tokenRequests: () => requests.filter((request) => request.path === '/cgi-bin/gettoken'),
    malformedStrings: () => [
      ...requests.flatMap(({ at, path, body }) => malformedStrings(body).map((found) => ({ at, where: path, ...found }))),
      ...bot.frames.flatMap(({ at, cmd, body }) => malformedStrings(body).map((found) => ({ at, where: cmd, ...found }))),
    ],
    // 15 s, as the tests' own waits: the full suite on a 2-core CI machine has delayed a card update past 5 s.
    waitFor: (predicate, timeoutMs = 15_000) => pollUntil(predicate, timeoutMs, 'the awaited state'),
    bot,
    async close() {
      bot.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseRequest(req: IncomingMessage, url: URL, raw: Buffer): ApiRequest {
  const contentType = req.headers['content-type'] ?? '';
  const base = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), files: [] };
  if (/multipart\/form-data/i.test(contentType)) return { ...base, body: undefined, invalidJson: false, files: parseMultipart(raw, contentType) };
  if (raw.length === 0) return { ...base, body: undefined, invalidJson: false };
  try {
    return { ...base, body: JSON.parse(raw.toString('utf8')), invalidJson: false };
  } catch {
    return { ...base, body: raw.toString('utf8'), invalidJson: true };
  }
}

function recordedBody(request: ApiRequest, raw: Buffer | 'too-large'): unknown {
  if (raw === 'too-large') return { tooLarge: true };
  const file = request.files.find((part) => part.field === 'media') ?? request.files[0];
  if (file) return { filename: file.filename, size: file.bytes.length, sha256: createHash('sha256').update(file.bytes).digest('hex') };
  return request.body;
}
