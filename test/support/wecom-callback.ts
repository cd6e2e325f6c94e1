/**
 * Builds self-built-app callbacks (自建应用 · 接收消息) exactly as WeCom sends them, for tests and the demo.
 * Written against WeCom's documented scheme with node:crypto only, independently of @wecom/crypto, so the two
 * can check each other.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';

/** Query parameters and XML body of one callback POST. */
export interface Callback {
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
}

/** The 32-byte AES key and its IV (the key's first 16 bytes) from a 43-character EncodingAESKey. */
function aesKeyOf(encodingAesKey: string): { key: Buffer; iv: Buffer } {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new Error(`EncodingAESKey must be 43 characters (got ${encodingAesKey.length})`);
  return { key, iv: key.subarray(0, 16) };
}

/** Encrypts `msg` for `receiveId` (the CorpID for an app): base64 of AES-256-CBC over random16 | length | msg | receiveId. */
export function encryptMessage(aesKey: string, msg: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const { key, iv } = aesKeyOf(aesKey);
  const message = Buffer.from(msg, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length);
  const plain = Buffer.concat([random, length, message, Buffer.from(receiveId, 'utf8')]);
  // PKCS#7 to a 32-byte block (WeCom's choice), so Node's 16-byte auto padding stays off.
  const padLength = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(padLength, padLength)])), cipher.final()]).toString('base64');
}

/** Decrypts what the app sends back (a passive reply's Encrypt, or any `encryptMessage` output). */
export function decryptMessage(aesKey: string, encrypted: string): { message: string; receiveId: string } {
  const { key, iv } = aesKeyOf(aesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  const padLength = padded[padded.length - 1] ?? 0;
  if (padLength < 1 || padLength > 32) throw new Error(`bad PKCS#7 padding ${padLength}`);
  const plain = padded.subarray(0, padded.length - padLength);
  const length = plain.readUInt32BE(16);
  return { message: plain.subarray(20, 20 + length).toString('utf8'), receiveId: plain.subarray(20 + length).toString('utf8') };
}

/** msg_signature: sha1 (lowercase hex) of token, timestamp, nonce and the ciphertext, sorted and concatenated. */
export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Wraps text in CDATA; a `]]>` inside is split across two sections, the only way XML allows it. */
export function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** Callback secrets and the message to send. */
export interface CallbackOptions {
  token: string;
  aesKey: string;
  corpId: string;
  agentId: string | number;
  /** The plaintext XML (see `textXml` and friends). */
  xml: string;
  /** Unix seconds as a string; now unless given. */
  timestamp?: string;
  nonce?: string;
}

/** A signed, encrypted callback POST, as WeCom sends it to `/wecom/callback`. */
export function buildCallback(options: CallbackOptions): Callback {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomNonce();
  const encrypt = encryptMessage(options.aesKey, options.xml, options.corpId);
  const body =
    `<xml><ToUserName>${cdata(options.corpId)}</ToUserName><AgentID>${cdata(String(options.agentId))}</AgentID>` +
    `<Encrypt>${cdata(encrypt)}</Encrypt></xml>`;
  return { query: { msg_signature: signature(options.token, timestamp, nonce, encrypt), timestamp, nonce }, body };
}

/** The URL-verification GET WeCom makes when the callback URL is saved; the app must answer `echostr` in plaintext. */
export function buildVerification(options: { token: string; aesKey: string; corpId: string; echostr?: string; timestamp?: string; nonce?: string }): {
  query: Callback['query'] & { echostr: string };
  echostr: string;
} {
  // WeCom's echostr is a long decimal number.
  const echostr = options.echostr ?? `${randomInt(1e9, 1e10)}${randomInt(1e9, 1e10)}`;
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomNonce();
  const encrypted = encryptMessage(options.aesKey, echostr, options.corpId);
  return { query: { msg_signature: signature(options.token, timestamp, nonce, encrypted), timestamp, nonce, echostr: encrypted }, echostr };
}

/** POSTs a callback to `${baseUrl}/wecom/callback` with its query and a text/xml body. */
export function postCallback(baseUrl: string, callback: Callback, init: RequestInit = {}): Promise<Response> {
  const url = `${baseUrl}/wecom/callback?${new URLSearchParams(callback.query).toString()}`;
  return fetch(url, { method: 'POST', ...init, headers: { 'content-type': 'text/xml', ...init.headers }, body: callback.body });
}

function randomNonce(): string {
  return String(randomInt(1e9, 1e10));
}

/** Fields every decrypted message has. */
export interface MessageBase {
  corpId: string;
  agentId: string | number;
  /** Sender's userid (FromUserName). */
  from: string;
  /** Unix seconds; now unless given. */
  createTime?: number;
}

/** A 64-bit MsgId as a decimal string (WeCom's are beyond Number.MAX_SAFE_INTEGER). */
export type MsgId = string;

/** Fields after the message type: text goes in CDATA, numbers are bare, as in WeCom's samples. */
type Fields = Array<[string, string | number | undefined]>;

/** A decrypted message document: head, the type's fields, then MsgId and AgentID (bare numbers) and any raw XML. */
function messageXml(base: MessageBase, msgType: string, fields: Fields, msgId?: MsgId, rawXml = ''): string {
  const element = ([name, value]: [string, string | number | undefined]) =>
    value === undefined ? '' : `<${name}>${typeof value === 'number' ? value : cdata(value)}</${name}>`;
  const createTime = base.createTime ?? Math.floor(Date.now() / 1000);
  const head: Fields = [['ToUserName', base.corpId], ['FromUserName', base.from], ['CreateTime', createTime], ['MsgType', msgType]];
  // MsgId stays a decimal string in the document: it is a 64-bit number that must not pass through a JS number.
  const tail = `${msgId === undefined ? '' : `<MsgId>${msgId}</MsgId>`}<AgentID>${base.agentId}</AgentID>`;
  return `<xml>${[...head, ...fields].map(element).join('')}${tail}${rawXml}</xml>`;
}

/** A text message. */
export function textXml(o: MessageBase & { content: string; msgId: MsgId }): string {
  return messageXml(o, 'text', [['Content', o.content]], o.msgId);
}

/** A photo. */
export function imageXml(o: MessageBase & { picUrl: string; mediaId: string; msgId: MsgId }): string {
  return messageXml(o, 'image', [['PicUrl', o.picUrl], ['MediaId', o.mediaId]], o.msgId);
}

/** A voice message (AMR). */
export function voiceXml(o: MessageBase & { mediaId: string; format?: string; msgId: MsgId }): string {
  return messageXml(o, 'voice', [['MediaId', o.mediaId], ['Format', o.format ?? 'amr']], o.msgId);
}

/** A shared location. */
export function locationXml(o: MessageBase & { latitude: number; longitude: number; scale?: number; label: string; msgId: MsgId }): string {
  return messageXml(o, 'location', [['Location_X', o.latitude], ['Location_Y', o.longitude], ['Scale', o.scale ?? 15], ['Label', o.label]], o.msgId);
}

/** A shared link. */
export function linkXml(o: MessageBase & { title: string; description: string; url: string; picUrl?: string; msgId: MsgId }): string {
  return messageXml(o, 'link', [['Title', o.title], ['Description', o.description], ['Url', o.url], ['PicUrl', o.picUrl ?? '']], o.msgId);
}

/** What an event callback carries besides the common fields. */
export interface EventFields {
  /** subscribe, unsubscribe, enter_agent, click, view, template_card_event … */
  event: string;
  /** Menu key, or the clicked button's key for template_card_event. */
  eventKey?: string;
  taskId?: string;
  cardType?: string;
  /** Lets the app replace the card once (see fake.issueResponseCode). */
  responseCode?: string;
  /** Choices on vote and multiple-choice cards. */
  selectedItems?: Array<{ questionKey: string; optionIds: string[] }>;
}

/** An event (MsgType=event); events carry no MsgId. */
export function eventXml(o: MessageBase & EventFields): string {
  const fields: Fields = [['Event', o.event], ['EventKey', o.eventKey], ['TaskId', o.taskId], ['CardType', o.cardType], ['ResponseCode', o.responseCode]];
  const items = o.selectedItems?.map((item) => {
    const options = item.optionIds.map((id) => `<OptionId>${cdata(id)}</OptionId>`).join('');
    return `<SelectedItem><QuestionKey>${cdata(item.questionKey)}</QuestionKey><OptionIds>${options}</OptionIds></SelectedItem>`;
  });
  return messageXml(o, 'event', fields, undefined, items ? `<SelectedItems>${items.join('')}</SelectedItems>` : '');
}
