/** Where a message came in: the self-built app callback, or the intelligent bot's long connection. */
export type InboundChannel = 'app' | 'aibot';

/** The kinds of message the bot understands; everything WeCom sends maps onto one of them. */
export type InboundKind = 'text' | 'image' | 'voice' | 'video' | 'file' | 'location' | 'link' | 'mixed' | 'event';

/** Media carried by a message: a media id (app) or an encrypted URL with its key (intelligent bot). */
export interface InboundMedia {
  mediaId?: string;
  url?: string;
  /** Per-message AES key of an intelligent-bot download URL (valid 5 minutes). */
  aesKey?: string;
  picUrl?: string;
  thumbMediaId?: string;
  format?: string;
  filename?: string;
}

/** A WeCom event (menu click, card button, entering the chat …). */
export interface InboundEvent {
  /** WeCom's event name, e.g. enter_agent, template_card_event, enter_chat. */
  name: string;
  /** EventKey: the clicked button's or menu item's key. */
  key?: string;
  taskId?: string;
  cardType?: string;
  /** Lets the app replace the clicked card once, within 72 hours. */
  responseCode?: string;
  /** Choices of a selection card: question key → option ids. */
  selectedItems?: Array<{ questionKey: string; optionIds: string[] }>;
}

/**
 * One message from WeCom, normalised: business code never looks behind it at XML, JSON frames or
 * channels. `id` is the dedupe key (WeCom's MsgId, or one derived for events without one).
 */
export interface InboundMessage {
  id: string;
  channel: InboundChannel;
  kind: InboundKind;
  /** Sender's WeCom userid. */
  from: string;
  /** When WeCom says the message was sent (ISO 8601). */
  sentAt: string;
  /** Group chat id, when the message came from a group (intelligent bot). */
  chatId?: string;
  chatType?: 'single' | 'group';
  /** Text, recognised voice text, or the text parts of a mixed message. */
  text?: string;
  media?: InboundMedia[];
  location?: { latitude: number; longitude: number; scale?: number; label?: string };
  link?: { title?: string; description?: string; url?: string; picUrl?: string };
  event?: InboundEvent;
  /** For the long connection: the request to answer over the same connection. */
  replyTo?: { reqId: string };
}

/**
 * The dedupe key of a message: its MsgId when it has one, otherwise
 * sender + create time + event (+ key / task id), as WeCom documents for events.
 */
export function messageKey(parts: { msgId?: string; from: string; createTime: string | number; event?: string; eventKey?: string; taskId?: string }): string {
  if (parts.msgId) return `msg:${parts.msgId}`;
  const tail = [parts.event ?? 'event', parts.eventKey, parts.taskId].filter((p) => p !== undefined && p !== '');
  return `evt:${parts.from}:${parts.createTime}:${tail.join(':')}`;
}
