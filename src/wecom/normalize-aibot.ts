import type { BaseMessage, EventMessage, WsFrame } from '@wecom/aibot-node-sdk';
import { messageKey, type InboundMedia, type InboundMessage } from './inbound-message.js';

/** A long-connection frame that cannot be turned into a message (no sender, unknown shape). */
export class UnusableFrameError extends Error {}

interface EncryptedContent {
  url?: string;
  aeskey?: string;
  filename?: string;
}

function media(content: EncryptedContent | undefined): InboundMedia[] {
  if (!content?.url) return [];
  return [{ url: content.url, aesKey: content.aeskey, filename: content.filename }];
}

function base(frame: WsFrame<BaseMessage | EventMessage>, body: BaseMessage | EventMessage): Omit<InboundMessage, 'kind' | 'id'> {
  const from = body.from?.userid;
  if (!from) throw new UnusableFrameError('frame without from.userid');
  const created = typeof body.create_time === 'number' ? body.create_time * 1000 : Date.now();
  const message: Omit<InboundMessage, 'kind' | 'id'> = {
    channel: 'aibot',
    from,
    sentAt: new Date(created).toISOString(),
    replyTo: { reqId: frame.headers.req_id },
  };
  if (body.chatid) message.chatId = body.chatid;
  if (body.chattype) message.chatType = body.chattype;
  return message;
}

/** Turns an `aibot_msg_callback` frame into an InboundMessage. */
export function normalizeAibotMessage(frame: WsFrame<BaseMessage>): InboundMessage {
  const body = frame.body;
  if (!body?.msgid) throw new UnusableFrameError('message frame without msgid');
  const common = { ...base(frame, body), id: `bot:${body.msgid}` };
  switch (body.msgtype) {
    case 'text':
      return { ...common, kind: 'text', text: String(body.text?.content ?? '') };
    case 'voice':
      // The long connection delivers voice already recognised as text.
      return { ...common, kind: 'voice', text: String(body.voice?.content ?? '') };
    case 'image':
      return { ...common, kind: 'image', media: media(body.image) };
    case 'file':
      return { ...common, kind: 'file', media: media(body.file) };
    case 'video':
      return { ...common, kind: 'video', media: media(body.video) };
    case 'mixed': {
      const items = (body.mixed?.msg_item ?? []) as Array<{ msgtype: string; text?: { content: string }; image?: EncryptedContent }>;
      const text = items.filter((i) => i.msgtype === 'text').map((i) => i.text?.content ?? '').join('\n');
      return { ...common, kind: 'mixed', text, media: items.flatMap((i) => media(i.image)) };
    }
    default:
      throw new UnusableFrameError(`unknown msgtype ${String(body.msgtype)}`);
  }
}

/** Turns an `aibot_event_callback` frame into an InboundMessage of kind `event`. */
export function normalizeAibotEvent(frame: WsFrame<EventMessage>): InboundMessage {
  const body = frame.body;
  if (!body?.event?.eventtype) throw new UnusableFrameError('event frame without eventtype');
  const common = base(frame, body);
  // WeCom nests an event's details under its type (event.template_card_event.event_key); the SDK's
  // types show them one level up. Read both.
  const raw = body.event as { eventtype: string; event_key?: string; task_id?: string } & Record<string, unknown>;
  const nested = (raw[raw.eventtype] ?? {}) as { event_key?: string; task_id?: string };
  const ev = { eventtype: raw.eventtype, event_key: nested.event_key ?? raw.event_key, task_id: nested.task_id ?? raw.task_id };
  const id = body.msgid
    ? `bot:${body.msgid}`
    : `bot:${messageKey({ from: common.from, createTime: body.create_time ?? 0, event: ev.eventtype, eventKey: ev.event_key, taskId: ev.task_id })}`;
  const event: InboundMessage['event'] = { name: ev.eventtype };
  if (ev.event_key) event.key = ev.event_key;
  if (ev.task_id) event.taskId = ev.task_id;
  return { ...common, id, kind: 'event', event };
}
