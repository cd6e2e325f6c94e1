import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { BotMediaStore, UploadStep } from './bot-media.js';
import { asRecord, byteLength, nonEmptyString, pollUntil, unixSeconds, type FakeContext } from './context.js';
import { errmsgFor } from './errors.js';
import { templateCardProblem } from './template-card.js';

/** A frame the bot sent over the long connection, with the errcode the fake answered (0 = accepted). */
export interface BotFrame {
  at: number;
  cmd: string;
  reqId: string;
  body: unknown;
  errcode?: number;
}

/** Who a callback comes from; group callbacks also carry the group's chatid. */
export interface PushTarget {
  userid: string;
  chatid?: string;
  chattype?: 'single' | 'group';
}

/** An event callback: `fields` go into `event[eventtype]`, as WeCom's event pages show (not flat in `event`). */
export type BotEvent = PushTarget & { eventtype: string } & Record<string, unknown>;

/** The intelligent bot's long-connection side of the fake (智能机器人长连接). */
export interface FakeBot {
  /** Resolves once a connection has authenticated with the right bot_id and secret. */
  waitForSubscribed(timeoutMs?: number): Promise<void>;
  sendText(options: PushTarget & { content: string }): { reqId: string; msgid: string };
  sendImage(options: PushTarget & { bytes: Buffer }): { reqId: string; msgid: string };
  sendFile(options: PushTarget & { filename: string; bytes: Buffer }): { reqId: string; msgid: string };
  /** Text and images in one message, as a group chat delivers photos. */
  sendMixed(options: PushTarget & { content: string; images: Buffer[] }): { reqId: string; msgid: string };
  /** A voice note as the long connection delivers it: already recognised, `content` '' when WeCom recognised nothing. */
  sendVoice(options: PushTarget & { content: string }): { reqId: string; msgid: string };
  sendEvent(options: BotEvent): { reqId: string; msgid: string };
  /** Every frame received from clients, in order. */
  readonly frames: BotFrame[];
  /** Accepted reply frames (respond / welcome / update) to that req_id. */
  replies(reqId: string): BotFrame[];
  /** The first accepted reply that ends the exchange: a finished stream, or any non-stream reply. */
  waitForReply(reqId: string, timeoutMs?: number): Promise<BotFrame>;
  /** Accepted aibot_send_msg frames. */
  pushes(): BotFrame[];
  /** A file the bot uploaded with aibot_upload_media_*. */
  media(mediaId: string): { type: string; filename: string; bytes: Buffer } | undefined;
  /** Drops every connection, as a network failure would. */
  disconnectAll(): void;
  /**
   * An outage: closes every connection (after what was already sent to it, as a connection that fails right after a
   * callback) and refuses new ones until called with false.
   */
  setOffline(offline: boolean): void;
}

type Problem = { errcode: number; detail?: string } | undefined;

const respond = 'aibot_respond_msg';
const welcome = 'aibot_respond_welcome_msg';
const update = 'aibot_respond_update_msg';
/** Welcome messages and card updates must follow their event within 5 seconds. */
const replyWindowMs = 5000;
const streamLimitBytes = 20480;

/** Attaches the long-connection endpoint (`ws://host:port`, like `wss://openws.work.weixin.qq.com`) to `server`. */
export function createLongConnection(server: Server, ctx: FakeContext, media: BotMediaStore): FakeBot & { close(): void } {
  const wss = new WebSocketServer({ server, path: '/' });
  const sockets = new Map<WebSocket, { subscribed: boolean }>();
  const frames: BotFrame[] = [];
  const pushed = new Map<string, { eventtype?: string; at: number }>();

  let offline = false;

  wss.on('connection', (socket) => {
    if (offline) return socket.terminate();
    sockets.set(socket, { subscribed: false });
    socket.on('message', (data) => onFrame(socket, data));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
  });

  function onFrame(socket: WebSocket, data: RawData): void {
    let frame: Record<string, unknown> | undefined;
    try {
      frame = asRecord(JSON.parse(data.toString()));
    } catch {
      frame = undefined;
    }
    if (!frame) return; // nothing to answer: without a req_id no client could match an error to a request
    const cmd = String(frame.cmd ?? '');
    const reqId = String(asRecord(frame.headers)?.req_id ?? '');
    const record: BotFrame = { at: ctx.now(), cmd, reqId, body: frame.body };
    frames.push(record);
    // Acks carry no cmd, only the echoed req_id: that is how the SDK matches them to what it sent.
    const answer = (errcode: number, detail?: string, body?: Record<string, unknown>) => {
      record.errcode = errcode;
      const errmsg = errcode === 0 ? 'ok' : errmsgFor(errcode, detail);
      socket.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg, ...(body ? { body } : {}) }));
    };
    const state = sockets.get(socket);
    if (!state) return;
    if (cmd === 'aibot_subscribe') return subscribe(socket, state, frame.body, answer);
    // WeCom's errcode for a frame before aibot_subscribe is not documented where we looked: 40058.
    if (!state.subscribed) return answer(40058, 'aibot_subscribe first');
    const outcome = handle(cmd, reqId, frame.body);
    if (outcome && 'errcode' in outcome) answer(outcome.errcode, outcome.detail);
    else answer(0, undefined, outcome?.body);
  }

  function subscribe(socket: WebSocket, state: { subscribed: boolean }, value: unknown, answer: (errcode: number, detail?: string) => void): void {
    const body = asRecord(value);
    // 40001 (invalid credential) for a wrong bot_id or secret: our choice, WeCom's code is not documented where we looked.
    if (body?.bot_id !== ctx.botId || body?.secret !== ctx.botSecret) return answer(40001, 'bot_id or secret invalid');
    // One connection per bot: a new subscription pushes disconnected_event to the old one and closes it.
    for (const [other, otherState] of sockets) if (other !== socket && otherState.subscribed) kick(other);
    state.subscribed = true;
    answer(0);
  }

  function kick(socket: WebSocket): void {
    const body = { msgid: callbackMsgid(), create_time: unixSeconds(ctx.now()), aibotid: ctx.botId, msgtype: 'event', event: { eventtype: 'disconnected_event' } };
    socket.send(JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id: randomBytes(16).toString('hex') }, body }));
    sockets.delete(socket);
    socket.close();
  }

  function handle(cmd: string, reqId: string, body: unknown): UploadStep | undefined {
    if (cmd === 'ping') return undefined;
    if (cmd === respond || cmd === welcome || cmd === update) return replyProblem(cmd, reqId, body);
    if (cmd === 'aibot_send_msg') {
      if (!nonEmptyString(asRecord(body)?.chatid)) return { errcode: 40058, detail: 'chatid missing' };
      return bodyProblem(body, ['markdown', 'template_card', 'file', 'image', 'voice', 'video']);
    }
    if (cmd === 'aibot_upload_media_init') return media.init(body);
    if (cmd === 'aibot_upload_media_chunk') return media.chunk(body);
    if (cmd === 'aibot_upload_media_finish') return media.finish(body);
    return { errcode: 40058, detail: `unknown cmd ${cmd}` };
  }

  function replyProblem(cmd: string, reqId: string, body: unknown): Problem {
    const origin = pushed.get(reqId);
    if (!origin) return { errcode: 846605 };
    if (cmd === respond) return bodyProblem(body, ['stream', 'stream_with_template_card', 'template_card', 'file', 'image', 'voice', 'video']);
    const expected = cmd === welcome ? 'enter_chat' : 'template_card_event';
    if (origin.eventtype !== expected) return { errcode: 40058, detail: `${cmd} answers ${expected} only` };
    if (ctx.now() - origin.at > replyWindowMs) return { errcode: 40058, detail: `${cmd} must come within 5 s of the event` };
    if (cmd === welcome) return bodyProblem(body, ['text', 'template_card']);
    const record = asRecord(body);
    if (record?.response_type !== 'update_template_card') return { errcode: 40058, detail: 'response_type must be update_template_card' };
    return cardProblem(record.template_card);
  }

  function bodyProblem(value: unknown, allowed: string[]): Problem {
    const body = asRecord(value);
    const msgtype = String(body?.msgtype);
    if (!body || !allowed.includes(msgtype)) return { errcode: 40008, detail: `msgtype ${msgtype}` };
    if (msgtype === 'stream') return streamProblem(body.stream);
    if (msgtype === 'stream_with_template_card') {
      return streamProblem(body.stream) ?? (body.template_card === undefined ? undefined : cardProblem(body.template_card));
    }
    if (msgtype === 'template_card') return cardProblem(body.template_card);
    if (msgtype === 'text' || msgtype === 'markdown') {
      const content = asRecord(body[msgtype])?.content;
      if (typeof content !== 'string' || content.length === 0) return { errcode: 44004, detail: `${msgtype}.content empty` };
      return byteLength(content) > streamLimitBytes ? { errcode: 40058, detail: `${msgtype}.content exceed max length ${streamLimitBytes}` } : undefined;
    }
    return media.get(String(asRecord(body[msgtype])?.media_id)) ? undefined : { errcode: 40007 };
  }

  function streamProblem(value: unknown): Problem {
    const stream = asRecord(value);
    if (!stream || !nonEmptyString(stream.id)) return { errcode: 40058, detail: 'stream.id missing' };
    const content = stream.content ?? '';
    if (typeof content !== 'string') return { errcode: 40058, detail: 'stream.content must be a string' };
    if (byteLength(content) > streamLimitBytes) return { errcode: 40058, detail: `stream.content exceed max length ${streamLimitBytes}` };
    return undefined;
  }

  function cardProblem(card: unknown): Problem {
    const problem = templateCardProblem(card, 'app');
    return problem ? { errcode: 40058, detail: problem } : undefined;
  }

  function push(cmd: string, target: PushTarget, content: Record<string, unknown>, eventtype?: string) {
    const socket = [...sockets].find(([open, state]) => state.subscribed && open.readyState === WebSocket.OPEN)?.[0];
    if (!socket) throw new Error('fake WeCom: no subscribed long connection (await fake.bot.waitForSubscribed() first)');
    const chattype = target.chattype ?? 'single';
    if (chattype === 'group' && !target.chatid) throw new Error('fake WeCom: a group callback needs a chatid');
    const reqId = randomBytes(16).toString('hex');
    const msgid = callbackMsgid();
    const body = {
      msgid,
      ...(eventtype ? { create_time: unixSeconds(ctx.now()) } : {}),
      aibotid: ctx.botId,
      // WeCom sends chatid for group chats only.
      ...(chattype === 'group' ? { chatid: target.chatid } : {}),
      chattype,
      from: { userid: target.userid },
      ...content,
    };
    pushed.set(reqId, { eventtype, at: ctx.now() });
    socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return { reqId, msgid };
  }

  const isFinal = (frame: BotFrame) => {
    const body = asRecord(frame.body);
    const streaming = body?.msgtype === 'stream' || body?.msgtype === 'stream_with_template_card';
    return !streaming || asRecord(body?.stream)?.finish === true;
  };
  const replies = (reqId: string) => frames.filter((frame) => [respond, welcome, update].includes(frame.cmd) && frame.reqId === reqId && frame.errcode === 0);

  return {
    waitForSubscribed: async (timeoutMs = 5000) => {
      await pollUntil(() => [...sockets].some(([socket, state]) => state.subscribed && socket.readyState === WebSocket.OPEN), timeoutMs, 'an aibot_subscribe');
    },
    sendText: (options) => push('aibot_msg_callback', options, { msgtype: 'text', text: { content: options.content } }),
    sendImage: (options) => push('aibot_msg_callback', options, { msgtype: 'image', image: media.publish(options.bytes) }),
    sendFile: (options) => push('aibot_msg_callback', options, { msgtype: 'file', file: media.publish(options.bytes, options.filename) }),
    sendMixed: (options) => push('aibot_msg_callback', options, {
      msgtype: 'mixed',
      mixed: { msg_item: [{ msgtype: 'text', text: { content: options.content } }, ...options.images.map((bytes) => ({ msgtype: 'image', image: media.publish(bytes) }))] },
    }),
    sendVoice: (options) => push('aibot_msg_callback', options, { msgtype: 'voice', voice: { content: options.content } }),
    sendEvent({ userid, chatid, chattype, eventtype, ...fields }) {
      const event = { eventtype, ...(Object.keys(fields).length > 0 ? { [eventtype]: fields } : {}) };
      return push('aibot_event_callback', { userid, chatid, chattype }, { msgtype: 'event', event }, eventtype);
    },
    frames,
    replies,
    waitForReply: (reqId, timeoutMs = 5000) => pollUntil(() => replies(reqId).find(isFinal), timeoutMs, `a finished reply to req_id ${reqId}`),
    pushes: () => frames.filter((frame) => frame.cmd === 'aibot_send_msg' && frame.errcode === 0),
    media: (mediaId) => media.get(mediaId),
    disconnectAll() {
      for (const socket of sockets.keys()) socket.terminate();
      sockets.clear();
    },
    setOffline(value) {
      offline = value;
      if (!offline) return;
      for (const socket of sockets.keys()) socket.close();
      sockets.clear();
    },
    close() {
      for (const socket of sockets.keys()) socket.terminate();
      sockets.clear();
      wss.close();
    },
  };
}

/** Callback msgids look like base64 ("CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI="): `/`, `+` and `=` included. */
function callbackMsgid(): string {
  return randomBytes(20).toString('base64');
}
