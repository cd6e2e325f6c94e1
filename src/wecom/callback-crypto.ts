import { createDecipheriv, timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';

/** Why a callback was refused; `status` is the HTTP status to answer with. */
export class CallbackRejected extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 413,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'CallbackRejected';
  }
}

/** What verifying a callback needs from the configuration. */
export interface CallbackSecrets {
  token: string;
  encodingAESKey: string;
  /** The receiver id every payload must carry: the CorpID for a self-built app. */
  receiverId: string;
}

/** Checks msg_signature over token, timestamp, nonce and the encrypted payload, in constant time. */
export function verifySignature(secrets: CallbackSecrets, query: { signature: string; timestamp: string; nonce: string }, encrypted: string): void {
  const expected = Buffer.from(getSignature(secrets.token, query.timestamp, query.nonce, encrypted), 'utf8');
  const given = Buffer.from(query.signature.toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new CallbackRejected(401, 'signature mismatch');
  }
}

/** Refuses a timestamp outside the replay window (`maxSkewSeconds` 0 turns the check off). */
export function checkTimestamp(timestamp: string, nowMs: number, maxSkewSeconds: number): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw new CallbackRejected(400, 'timestamp is not a number');
  if (maxSkewSeconds === 0) return;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) {
    throw new CallbackRejected(403, `timestamp outside the ${maxSkewSeconds}s replay window`);
  }
}

/** Whether the message bytes inside a payload are valid UTF-8 (WeCom's layout: 16 random bytes, 4-byte length, message, receiver id). */
function isValidUtf8Message(encodingAESKey: string, encrypted: string): boolean {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(encrypted, 'base64'), decipher.final()]);
  const length = plain.readUInt32BE(16);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(plain.subarray(20, 20 + length));
    return true;
  } catch {
    return false;
  }
}

/** Decrypts a payload and checks that it was meant for us (receiver id). */
export function decryptPayload(secrets: CallbackSecrets, encrypted: string): string {
  let message: string;
  let receiver: string;
  try {
    const result = decrypt(secrets.encodingAESKey, encrypted);
    message = result.message;
    receiver = result.id;
  } catch {
    throw new CallbackRejected(400, 'payload does not decrypt with our EncodingAESKey');
  }
  if (receiver !== secrets.receiverId) throw new CallbackRejected(403, 'payload is addressed to another receiver id');
  // @wecom/crypto decodes leniently (bad bytes become U+FFFD); only then are the raw bytes checked.
  if (message.includes('\uFFFD') && !isValidUtf8Message(secrets.encodingAESKey, encrypted)) throw new CallbackRejected(400, 'payload is not valid UTF-8');
  return message;
}
