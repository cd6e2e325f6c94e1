/** Signed, encrypted WeCom callbacks prepared before a run, so that the client's own encryption is not measured. */
import { buildCallback, textXml } from '../../test/support/wecom-callback.js';
import { demoWecom } from '../lib/demo-identity.js';
import type { PreparedRequest } from './load.js';

/** The demo identity's callback secrets, as the test helpers take them. */
export const callbackSecrets = {
  token: demoWecom.WECOM_TOKEN,
  aesKey: demoWecom.WECOM_ENCODING_AES_KEY,
  corpId: demoWecom.WECOM_CORP_ID,
  agentId: demoWecom.WECOM_AGENT_ID,
};

/** What to prepare. */
export interface CallbackBatch {
  count: number;
  /** Senders, taken in turn; registered staff, so that the bot handles rather than turns away the messages. */
  users: string[];
  content: string;
  /** Digits that start every MsgId of the batch, so that batches never collide and a run's ids can be told apart. */
  msgIdPrefix: string;
}

/** `count` text callbacks, each with its own MsgId: the bot takes a repeated MsgId for a WeCom retry. */
export function prepareCallbacks(batch: CallbackBatch): PreparedRequest[] {
  const requests: PreparedRequest[] = [];
  for (let i = 0; i < batch.count; i++) {
    const msgId = `${batch.msgIdPrefix}${String(i).padStart(7, '0')}`;
    const from = batch.users[i % batch.users.length]!;
    const callback = buildCallback({ ...callbackSecrets, xml: textXml({ ...callbackSecrets, from, content: batch.content, msgId }) });
    requests.push({ path: `/wecom/callback?${new URLSearchParams(callback.query).toString()}`, body: callback.body });
  }
  return requests;
}

/** A filter on message-log `_id`s (`msg:<MsgId>`) that matches exactly the batch's messages. */
export function batchIdFilter(msgIdPrefix: string): { $gt: string; $lt: string } {
  // Every id of the batch is the prefix and digits; ':' sorts right after '9', so it closes the range.
  return { $gt: `msg:${msgIdPrefix}`, $lt: `msg:${msgIdPrefix}:` };
}
