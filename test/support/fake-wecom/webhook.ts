import { createHash } from 'node:crypto';
import { asRecord, byteLength, nonEmptyString, type FakeContext } from './context.js';
import { ok, wecomError } from './errors.js';
import type { ApiRequest, ApiResult, Route } from './http-kit.js';
import { acceptUpload, uploadBodyLimit, type MediaStore } from './media.js';
import { templateCardProblem } from './template-card.js';

/** A message a group robot accepted, with the robot's key. */
export interface RobotMessage {
  key: string;
  at: number;
  body: Record<string, unknown>;
}

/** The group-robot webhook (群机器人) endpoints and what they accepted. */
export interface WebhookApi {
  routes: Route[];
  addRobot(key: string): void;
  robotMessages(key?: string): RobotMessage[];
}

const minuteMs = 60_000;
const twoMegabytes = 2 * 1024 * 1024;

/** Creates `/cgi-bin/webhook/send` and `/cgi-bin/webhook/upload_media`. */
export function createWebhookApi(ctx: FakeContext, media: MediaStore): WebhookApi {
  const robots = new Set<string>();
  const accepted: RobotMessage[] = [];

  const stringList = (value: unknown) => value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string'));

  function contentProblem(key: string, body: Record<string, unknown>): ApiResult | undefined {
    const msgtype = String(body.msgtype);
    const payload = asRecord(body[msgtype]);
    const limit = { text: 2048, markdown: 4096, markdown_v2: 4096 }[msgtype];
    if (limit !== undefined) {
      const content = payload?.content;
      if (typeof content !== 'string' || content.length === 0) return wecomError(44004, `${msgtype}.content empty`);
      if (byteLength(content) > limit) return wecomError(40058, `${msgtype}.content exceed max length ${limit}`);
      if (msgtype === 'text' && !(stringList(payload?.mentioned_list) && stringList(payload?.mentioned_mobile_list))) {
        return wecomError(40058, 'text.mentioned_list and mentioned_mobile_list must be string arrays');
      }
      return undefined;
    }
    if (msgtype === 'template_card') {
      const problem = templateCardProblem(body.template_card, 'robot');
      return problem ? wecomError(40058, problem) : undefined;
    }
    if (msgtype === 'image') return imageProblem(payload);
    if (msgtype === 'news') {
      const articles = payload?.articles;
      const valid = Array.isArray(articles) && articles.length >= 1 && articles.length <= 8;
      return valid ? undefined : wecomError(40058, 'news.articles must have 1 to 8 items');
    }
    if (msgtype === 'file' || msgtype === 'voice') {
      return media.get(`robot:${key}`, String(payload?.media_id)) ? undefined : wecomError(40007);
    }
    return wecomError(40008, `msgtype ${msgtype}`);
  }

  function imageProblem(payload: Record<string, unknown> | undefined): ApiResult | undefined {
    const base64 = nonEmptyString(payload?.base64);
    if (!base64) return wecomError(40058, 'image.base64 missing');
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length > twoMegabytes) return wecomError(40058, 'image exceed max size 2M');
    const md5 = createHash('md5').update(bytes).digest('hex');
    return payload?.md5 === md5 ? undefined : wecomError(40058, 'image.md5 does not match image.base64');
  }

  /** Messages this robot accepted within the minute before now (WeCom's limit is a sliding minute). */
  function sentLastMinute(key: string): number {
    const since = ctx.now() - minuteMs;
    return accepted.filter((message) => message.key === key && message.at > since).length;
  }

  function send(request: ApiRequest): ApiResult {
    const key = request.query.key ?? '';
    if (!robots.has(key)) return wecomError(93000);
    const body = asRecord(request.body);
    if (!body || request.invalidJson) return wecomError(47001);
    if (sentLastMinute(key) >= ctx.robotLimitPerMinute) return wecomError(45009);
    const problem = contentProblem(key, body);
    if (problem) return problem;
    accepted.push({ key, at: ctx.now(), body });
    return ok();
  }

  function upload(request: ApiRequest): ApiResult {
    const key = request.query.key ?? '';
    if (!robots.has(key)) return wecomError(93000);
    return acceptUpload(media, `robot:${key}`, request, ['file', 'voice']);
  }

  return {
    routes: [
      { method: 'POST', path: '/cgi-bin/webhook/send', handle: send },
      { method: 'POST', path: '/cgi-bin/webhook/upload_media', bodyLimit: uploadBodyLimit, handle: upload },
    ],
    addRobot: (key) => void robots.add(key),
    robotMessages: (key) => accepted.filter((message) => key === undefined || message.key === key),
  };
}
