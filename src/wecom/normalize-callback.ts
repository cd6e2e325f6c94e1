import { field, MalformedXmlError, parseWecomXml } from './callback-xml.js';
import { messageKey, type InboundEvent, type InboundKind, type InboundMessage } from './inbound-message.js';

const kinds: Record<string, InboundKind> = {
  text: 'text', image: 'image', voice: 'voice', video: 'video', file: 'file',
  location: 'location', link: 'link', event: 'event',
};

function required(doc: Record<string, unknown>, name: string): string {
  const value = field(doc, name);
  if (value === undefined || value === '') throw new MalformedXmlError(`missing ${name}`);
  return value;
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** SelectedItems of a selection card: <SelectedItems><SelectedItem><QuestionKey/><OptionIds><OptionId/>…</OptionIds></SelectedItem>…</SelectedItems> */
function selectedItems(doc: Record<string, unknown>): InboundEvent['selectedItems'] {
  const container = doc.SelectedItems as { SelectedItem?: unknown } | undefined;
  if (!container || typeof container !== 'object') return undefined;
  const items = ([] as unknown[]).concat(container.SelectedItem ?? []);
  return items.flatMap((item) => {
    if (!item || typeof item !== 'object') return [];
    const record = item as Record<string, unknown>;
    const ids = (record.OptionIds as { OptionId?: unknown } | undefined)?.OptionId;
    const optionIds = ([] as unknown[]).concat(ids ?? []).filter((v): v is string => typeof v === 'string');
    const questionKey = field(record, 'QuestionKey');
    return questionKey ? [{ questionKey, optionIds }] : [];
  });
}

function event(doc: Record<string, unknown>): InboundEvent {
  const result: InboundEvent = { name: required(doc, 'Event') };
  const key = field(doc, 'EventKey');
  if (key) result.key = key;
  const taskId = field(doc, 'TaskId');
  if (taskId) result.taskId = taskId;
  const cardType = field(doc, 'CardType');
  if (cardType) result.cardType = cardType;
  const responseCode = field(doc, 'ResponseCode');
  if (responseCode) result.responseCode = responseCode;
  const selected = selectedItems(doc);
  if (selected?.length) result.selectedItems = selected;
  return result;
}

/**
 * Turns the decrypted XML of a self-built-app callback into an InboundMessage.
 * Throws MalformedXmlError for anything that is not a WeCom message.
 */
export function normalizeCallback(xml: string): InboundMessage {
  const doc = parseWecomXml(xml);
  const type = required(doc, 'MsgType');
  // Own keys only: a MsgType of "constructor" must not find Object's.
  const kind = Object.hasOwn(kinds, type) ? kinds[type] : undefined;
  if (!kind) throw new MalformedXmlError(`unknown MsgType ${type}`);
  const from = required(doc, 'FromUserName');
  const createTime = required(doc, 'CreateTime');
  if (!/^\d{1,11}$/.test(createTime)) throw new MalformedXmlError('CreateTime is not a Unix time in seconds');
  const msgId = field(doc, 'MsgId') || undefined;
  const ev = kind === 'event' ? event(doc) : undefined;
  const message: InboundMessage = {
    id: messageKey({ msgId, from, createTime, event: ev?.name, eventKey: ev?.key, taskId: ev?.taskId }),
    channel: 'app',
    kind,
    from,
    sentAt: new Date(Number(createTime) * 1000).toISOString(),
  };
  if (ev) message.event = ev;
  switch (kind) {
    case 'text':
      message.text = field(doc, 'Content') ?? '';
      break;
    case 'image':
      message.media = [{ mediaId: required(doc, 'MediaId'), picUrl: field(doc, 'PicUrl') }];
      break;
    case 'voice':
      message.media = [{ mediaId: required(doc, 'MediaId'), format: field(doc, 'Format') }];
      // Voice recognition, when turned on, arrives as Recognition.
      if (field(doc, 'Recognition')) message.text = field(doc, 'Recognition');
      break;
    case 'video':
      message.media = [{ mediaId: required(doc, 'MediaId'), thumbMediaId: field(doc, 'ThumbMediaId') }];
      break;
    case 'file':
      message.media = [{ mediaId: required(doc, 'MediaId'), filename: field(doc, 'FileName') ?? field(doc, 'Title') }];
      break;
    case 'location':
      message.location = {
        latitude: toNumber(field(doc, 'Location_X')) ?? NaN,
        longitude: toNumber(field(doc, 'Location_Y')) ?? NaN,
        scale: toNumber(field(doc, 'Scale')),
        label: field(doc, 'Label'),
      };
      if (Number.isNaN(message.location.latitude) || Number.isNaN(message.location.longitude)) {
        throw new MalformedXmlError('location without coordinates');
      }
      break;
    case 'link':
      message.link = { title: field(doc, 'Title'), description: field(doc, 'Description'), url: field(doc, 'Url'), picUrl: field(doc, 'PicUrl') };
      break;
    default:
      break;
  }
  return message;
}
