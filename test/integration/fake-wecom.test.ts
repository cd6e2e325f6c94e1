import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { createFakeWecom, type FakeWecom } from '../support/fake-wecom/index.js';
import { buildCallback, buildVerification, decryptMessage, eventXml, postCallback, signature, textXml } from '../support/wecom-callback.js';

const corp = { corpId: 'ww0123456789abcdef', corpSecret: 'test-app-secret', agentId: '1000002', botId: 'aibtest01', botSecret: 'aibot-secret' };
const callbackSecrets = { token: 'QDG6eK', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: corp.corpId };
const start = Date.parse('2026-05-11T10:07:00+08:00');
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
// Values stay strings: MsgId is 64-bit and must not pass through a JS number.
const xmlParser = new XMLParser({ parseTagValue: false, processEntities: false });

let clock = start;
let fake: FakeWecom;
beforeEach(async () => {
  clock = start;
  fake = await createFakeWecom({ ...corp, now: () => clock });
  fake.addUser({ userid: 'ZhangSan', name: '张三', mobile: '13800000001' });
  fake.addUser({ userid: 'lisi', name: '李四', department: [2] });
});
afterEach(() => fake.close());

/** A WeCom JSON answer; the `as Answer` casts below are on parsed JSON whose fields the assertions check. */
type Answer = Record<string, unknown> & { errcode: number; errmsg: string };

async function call(path: string, query: Record<string, string>, body?: unknown): Promise<Answer> {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(`${fake.apiBase}${path}?${new URLSearchParams(query).toString()}`, init);
  return (await response.json()) as Answer;
}
const getToken = async () => String((await call('/cgi-bin/gettoken', { corpid: corp.corpId, corpsecret: corp.corpSecret })).access_token);
const text = (touser: string, content = '案件 2026-001 已登记') => ({ touser, msgtype: 'text', agentid: 1000002, text: { content } });
const buttonCard = (taskId: string, buttons = 2) => ({
  touser: 'lisi', msgtype: 'template_card', agentid: 1000002,
  template_card: {
    card_type: 'button_interaction', main_title: { title: '线索提醒' }, task_id: taskId,
    button_list: Array.from({ length: buttons }, (_, i) => ({ text: `选项${i}`, style: 1, key: `key-${i}` })),
  },
});

describe('fake WeCom server API', () => {
  it('issues one token until it expires and refuses a wrong corp id or secret', async () => {
    expect((await call('/cgi-bin/gettoken', { corpid: 'wrong', corpsecret: corp.corpSecret })).errcode).toBe(40013);
    expect((await call('/cgi-bin/gettoken', { corpid: corp.corpId, corpsecret: 'wrong' })).errcode).toBe(40001);
    const first = await call('/cgi-bin/gettoken', { corpid: corp.corpId, corpsecret: corp.corpSecret });
    expect(first).toMatchObject({ errcode: 0, expires_in: 7200 });
    clock += 3600_000;
    expect(await call('/cgi-bin/gettoken', { corpid: corp.corpId, corpsecret: corp.corpSecret })).toMatchObject({ access_token: first.access_token, expires_in: 3600 });
    clock += 3600_000;
    expect((await call('/cgi-bin/gettoken', { corpid: corp.corpId, corpsecret: corp.corpSecret })).access_token).not.toBe(first.access_token);
    expect(fake.tokenRequests()).toHaveLength(5);
  });

  it('answers 41001, 40014 and 42001 for a missing, unknown and expired token', async () => {
    expect((await call('/cgi-bin/message/send', {}, text('lisi'))).errcode).toBe(41001);
    expect((await call('/cgi-bin/message/send', { access_token: 'made-up' }, text('lisi'))).errcode).toBe(40014);
    const token = await getToken();
    expect((await call('/cgi-bin/message/send', { access_token: token }, text('lisi'))).errcode).toBe(0);
    fake.expireToken();
    expect((await call('/cgi-bin/message/send', { access_token: token }, text('lisi'))).errcode).toBe(42001);
    const fresh = await getToken();
    expect(fresh).not.toBe(token);
    expect((await call('/cgi-bin/message/send', { access_token: fresh }, text('lisi'))).errcode).toBe(0);
    expect(fake.appMessages()).toHaveLength(2);
  });

  it('lower-cases unknown receivers, answers 81013 when nobody is left and refuses text over 2048 bytes', async () => {
    const token = await getToken();
    const partial = await call('/cgi-bin/message/send', { access_token: token }, text('ZhangSan|Ghost|LISI|NoBody'));
    expect(partial).toMatchObject({ errcode: 0, invaliduser: 'ghost|nobody' });
    expect(typeof partial.msgid).toBe('string');
    expect((await call('/cgi-bin/message/send', { access_token: token }, text('Ghost'))).errcode).toBe(81013);
    expect((await call('/cgi-bin/message/send', { access_token: token }, text('lisi', '字'.repeat(683)))).errcode).toBe(40058);
    expect((await call('/cgi-bin/message/send', { access_token: token }, { ...text('lisi'), agentid: 1 })).errcode).toBe(40056);
    expect(fake.appMessages()).toEqual([text('ZhangSan|Ghost|LISI|NoBody')]);
  });

  it('validates template cards and lets a response_code replace its card once, within 72 hours', async () => {
    const token = await getToken();
    const send = (body: unknown) => call('/cgi-bin/message/send', { access_token: token }, body);
    expect((await send(buttonCard('lead-1', 7))).errcode).toBe(40058);
    expect((await send(buttonCard('lead 1'))).errcode).toBe(40058);
    const sent = await send(buttonCard('lead-1'));
    expect(sent).toMatchObject({ errcode: 0, response_code: fake.responseCode('lead-1') });
    expect((await send(buttonCard('lead-1'))).errcode).toBe(40058);
    const update = (code: unknown, accessToken = token) =>
      call('/cgi-bin/message/update_template_card', { access_token: accessToken }, {
        userids: ['lisi'], agentid: 1000002, response_code: code, button: { replace_name: '已处理' },
      });
    expect((await update(sent.response_code)).errcode).toBe(0);
    expect((await update(sent.response_code)).errcode).toBe(40058);
    const clicked = fake.issueResponseCode('lead-1');
    clock += 73 * 3600_000;
    expect((await update(clicked, await getToken())).errcode).toBe(40058);
    expect(fake.cardUpdates()).toEqual([expect.objectContaining({ response_code: sent.response_code })]);
  });

  it('stores uploads for media/get, answers 40007 for an unknown media_id and 60111 for an unknown user', async () => {
    const token = await getToken();
    const bytes = randomBytes(3000);
    const form = new FormData();
    form.append('media', new Blob([bytes]), '整改报告.xlsx');
    const uploaded = (await (await fetch(`${fake.apiBase}/cgi-bin/media/upload?access_token=${token}&type=file`, { method: 'POST', body: form })).json()) as Answer;
    expect(uploaded).toMatchObject({ errcode: 0, type: 'file' });
    const download = await fetch(`${fake.apiBase}/cgi-bin/media/get?access_token=${token}&media_id=${String(uploaded.media_id)}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(download.headers.get('content-disposition')).toContain(encodeURIComponent('整改报告.xlsx'));
    expect(fake.requests.find((r) => r.path === '/cgi-bin/media/upload')?.body).toMatchObject({ filename: '整改报告.xlsx', size: 3000 });
    expect((await call('/cgi-bin/media/get', { access_token: token, media_id: 'nope' })).errcode).toBe(40007);
    expect(await call('/cgi-bin/user/get', { access_token: token, userid: 'zhangsan' })).toMatchObject({ userid: 'ZhangSan', name: '张三', mobile: '13800000001' });
    expect((await call('/cgi-bin/user/get', { access_token: token, userid: 'ghost' })).errcode).toBe(60111);
  });

  it('answers 45009 to the 21st robot message in a sliding minute and does not record it', async () => {
    fake.addRobot('robot-key');
    const message = (n: number) => ({ msgtype: 'text', text: { content: `第${n}段`, mentioned_list: ['lisi'] } });
    expect((await call('/cgi-bin/webhook/send', { key: 'unknown' }, message(0))).errcode).toBe(93000);
    for (let n = 1; n <= 20; n++, clock += 1000) expect((await call('/cgi-bin/webhook/send', { key: 'robot-key' }, message(n))).errcode).toBe(0);
    expect((await call('/cgi-bin/webhook/send', { key: 'robot-key' }, message(21))).errcode).toBe(45009);
    expect(fake.robotMessages('robot-key')).toHaveLength(20);
    clock = start + 60_000; // the first message leaves the window
    expect((await call('/cgi-bin/webhook/send', { key: 'robot-key' }, message(21))).errcode).toBe(0);
    expect(fake.robotMessages('robot-key').at(-1)?.body).toEqual(message(21));
  });

  it('takes a member\'s 31st app message in a sliding minute as a success but discards it, as WeCom does; others still get it', async () => {
    const token = await getToken();
    for (let n = 1; n <= 30; n++, clock += 1000) expect((await call('/cgi-bin/message/send', { access_token: token }, text('lisi', `第${n}条`))).errcode).toBe(0);
    const over = await call('/cgi-bin/message/send', { access_token: token }, text('lisi|ZhangSan', '第31条'));
    expect(over).toMatchObject({ errcode: 0 });
    expect(over.msgid).toBeTruthy();
    expect(fake.appMessages().at(-1)).toEqual(text('ZhangSan', '第31条'));
    expect(fake.droppedAppMessages()).toEqual([{ userid: 'lisi', body: text('lisi|ZhangSan', '第31条') }]);
    clock = start + 60_000; // the first message to lisi leaves the minute
    await call('/cgi-bin/message/send', { access_token: token }, text('lisi', '第32条'));
    expect(fake.appMessages().at(-1)).toEqual(text('lisi', '第32条'));
    expect(fake.droppedAppMessages()).toHaveLength(1);
  });

  it('discards a member\'s app messages past 1000 in a sliding hour', async () => {
    const token = await getToken();
    for (let n = 1; n <= 1000; n++, clock += 3000) await call('/cgi-bin/message/send', { access_token: token }, text('lisi', `第${n}条`));
    expect(fake.droppedAppMessages()).toHaveLength(0);
    await call('/cgi-bin/message/send', { access_token: token }, text('lisi', '第1001条'));
    expect(fake.droppedAppMessages().map((d) => d.userid)).toEqual(['lisi']);
  });

  it('takes a body with half an emoji, as WeCom\'s answer is not documented, and lists the string for tests to refuse', async () => {
    const token = await getToken();
    const card = { ...buttonCard('lead-half'), template_card: { ...buttonCard('lead-half').template_card, main_title: { title: '线索提醒', desc: '某公司\ud83d' } } };
    expect((await call('/cgi-bin/message/send', { access_token: token }, card)).errcode).toBe(0);
    expect((await call('/cgi-bin/message/send', { access_token: token }, text('lisi', '完整的😀'))).errcode).toBe(0);
    expect(fake.malformedStrings()).toEqual([
      { at: clock, where: '/cgi-bin/message/send', field: 'template_card.main_title.desc', value: '某公司\ud83d' },
    ]);
  });

  it('fails the next calls of a path as told, then recovers; refuses an oversize body with 413', async () => {
    const token = await getToken();
    fake.failNext('/cgi-bin/message/send', { errcode: -1 });
    fake.failNext('/cgi-bin/message/send', { httpStatus: 503, times: 2 });
    const statuses: Array<[number, unknown]> = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${fake.apiBase}/cgi-bin/message/send?access_token=${token}`, { method: 'POST', body: JSON.stringify(text('lisi')) });
      const raw = await response.text();
      statuses.push([response.status, raw.startsWith('<html>') ? 'html' : (JSON.parse(raw) as Answer).errcode]);
    }
    expect(statuses).toEqual([[200, -1], [503, 'html'], [503, 'html'], [200, 0]]);
    const huge = await fetch(`${fake.apiBase}/cgi-bin/message/send?access_token=${token}`, { method: 'POST', body: 'x'.repeat(3 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(fake.appMessages()).toHaveLength(1);
  });
});

describe('fake WeCom long connection, driven by the real @wecom/aibot-node-sdk', () => {
  const clients: WSClient[] = [];
  afterEach(() => clients.splice(0).forEach((client) => client.disconnect()));
  function connect(secret = corp.botSecret): WSClient {
    const client = new WSClient({ botId: corp.botId, secret, wsUrl: fake.wsUrl, logger: silent, reconnectInterval: 50, maxAuthFailureAttempts: 0 });
    clients.push(client);
    return client.connect();
  }
  const next = <T>(client: WSClient, event: 'message.text' | 'message.image' | 'message.file' | 'event.enter_chat' | 'event.template_card_event') =>
    // The SDK types each event's body; the tests name the fields they read.
    new Promise<WsFrame<T>>((resolve) => client.once(event, (frame: WsFrame) => resolve(frame as WsFrame<T>)));

  it('authenticates, delivers a text callback and takes a finished stream reply', async () => {
    const client = connect();
    const received = next<{ msgid: string; text: { content: string }; from: { userid: string } }>(client, 'message.text');
    await fake.bot.waitForSubscribed();
    const { reqId, msgid } = fake.bot.sendText({ userid: 'zhangsan', content: '进度 2026-001' });
    const frame = await received;
    expect(frame.body).toMatchObject({ msgid, chattype: 'single', from: { userid: 'zhangsan' }, text: { content: '进度 2026-001' } });
    await client.replyStream(frame, 'stream-1', '正在查询');
    expect((await client.replyStream(frame, 'stream-1', '已记录', true)).errcode).toBe(0);
    expect((await fake.bot.waitForReply(reqId)).body).toEqual({ msgtype: 'stream', stream: { id: 'stream-1', finish: true, content: '已记录' } });
    expect(fake.bot.replies(reqId)).toHaveLength(2);
    expect(fake.bot.frames[0]).toMatchObject({ cmd: 'aibot_subscribe', body: { bot_id: corp.botId, secret: corp.botSecret }, errcode: 0 });
    const stray = client.reply({ headers: { req_id: 'never-pushed' } }, { msgtype: 'stream', stream: { id: 's', finish: true } });
    await expect(stray).rejects.toMatchObject({ errcode: 846605 });
    expect(fake.malformedStrings()).toEqual([]);
  });

  it('lists a stream reply with half an emoji, accepted as sent', async () => {
    const client = connect();
    const received = next<{ msgid: string }>(client, 'message.text');
    await fake.bot.waitForSubscribed();
    fake.bot.sendText({ userid: 'zhangsan', content: '线索' });
    expect((await client.replyStream(await received, 'stream-2', '当事人：AAA\ud83d', true)).errcode).toBe(0);
    expect(fake.malformedStrings()).toMatchObject([{ where: 'aibot_respond_msg', field: 'stream.content', value: '当事人：AAA\ud83d' }]);
  });

  it('serves images and files that downloadFile decrypts to the original bytes', async () => {
    const client = connect();
    await fake.bot.waitForSubscribed();
    const image = randomBytes(1000);
    const gotImage = next<{ image: { url: string; aeskey: string } }>(client, 'message.image');
    fake.bot.sendImage({ userid: 'zhangsan', bytes: image });
    const imageFrame = await gotImage;
    expect((await client.downloadFile(imageFrame.body!.image.url, imageFrame.body!.image.aeskey)).buffer.equals(image)).toBe(true);
    const gotFile = next<{ file: { url: string; aeskey: string } }>(client, 'message.file');
    fake.bot.sendFile({ userid: 'zhangsan', chatid: 'wrgroup1', chattype: 'group', filename: '执法台账 5月.xlsx', bytes: Buffer.from('PK-sheet') });
    const fileFrame = await gotFile;
    const file = await client.downloadFile(fileFrame.body!.file.url, fileFrame.body!.file.aeskey);
    expect([file.buffer.toString(), file.filename]).toEqual(['PK-sheet', '执法台账 5月.xlsx']);
    clock += 5 * 60_000 + 1;
    await expect(client.downloadFile(imageFrame.body!.image.url, imageFrame.body!.image.aeskey)).rejects.toThrow(/403/);
  });

  it('answers enter_chat with a welcome and template_card_event with a card update', async () => {
    const client = connect();
    await fake.bot.waitForSubscribed();
    const entered = next(client, 'event.enter_chat');
    const welcome = fake.bot.sendEvent({ userid: 'lisi', eventtype: 'enter_chat' });
    await client.replyWelcome(await entered, { msgtype: 'text', text: { content: '您好' } });
    expect((await fake.bot.waitForReply(welcome.reqId)).cmd).toBe('aibot_respond_welcome_msg');
    const clicked = next<{ event: Record<string, unknown> }>(client, 'event.template_card_event');
    const fields = { card_type: 'button_interaction', event_key: 'accept', task_id: 'lead-9' };
    const click = fake.bot.sendEvent({ userid: 'lisi', eventtype: 'template_card_event', ...fields });
    const frame = await clicked;
    expect(frame.body!.event).toEqual({ eventtype: 'template_card_event', template_card_event: fields });
    const card = { card_type: 'button_interaction', main_title: { title: '已受理' }, task_id: 'lead-9', button_list: [{ text: '已受理', key: 'done' }] };
    await client.updateTemplateCard(frame, card);
    expect((await fake.bot.waitForReply(click.reqId)).cmd).toBe('aibot_respond_update_msg');
  });

  it('takes chunked uploads and pushes, and refuses a wrong secret with an error frame', async () => {
    const client = connect();
    await fake.bot.waitForSubscribed();
    const bytes = randomBytes(600 * 1024); // two chunks
    const { media_id } = await client.uploadMedia(bytes, { type: 'file', filename: '汇总.xlsx' });
    await client.sendMediaMessage('lisi', 'file', media_id);
    expect(fake.bot.media(media_id)?.bytes.equals(bytes)).toBe(true);
    expect(fake.bot.pushes().map((frame) => frame.body)).toEqual([{ chatid: 'lisi', msgtype: 'file', file: { media_id } }]);
    const errors: Error[] = [];
    connect('wrong-secret').on('error', (error) => errors.push(error));
    await fake.waitFor(() => errors.find((error) => /Authentication failed/.test(error.message)));
    expect(fake.bot.frames.filter((frame) => frame.cmd === 'aibot_subscribe').map((frame) => frame.errcode)).toEqual([0, 40001]);
  });

  it('lets the SDK reconnect after disconnectAll, and kicks an older connection when a new one subscribes', async () => {
    const first = connect();
    await fake.bot.waitForSubscribed();
    fake.bot.disconnectAll();
    await fake.waitFor(() => fake.bot.frames.filter((frame) => frame.cmd === 'aibot_subscribe').length === 2);
    await fake.bot.waitForSubscribed();
    const kicked = new Promise((resolve) => first.once('event.disconnected_event', resolve));
    connect();
    await kicked;
    await fake.bot.waitForSubscribed();
    expect(first.isConnected).toBe(false);
  });
});

describe('wecom-callback builder, checked against @wecom/crypto', () => {
  const base = { corpId: corp.corpId, agentId: corp.agentId, from: 'ZhangSan', createTime: 1778465220 };

  it('encrypts and signs so that @wecom/crypto decrypts and verifies the same message', () => {
    const xml = textXml({ ...base, content: '整改 ]]> <完成> & 100%', msgId: '7290000000000000123' });
    const callback = buildCallback({ ...callbackSecrets, agentId: corp.agentId, xml });
    const outer = xmlParser.parse(callback.body) as { xml: { ToUserName: string; AgentID: string; Encrypt: string } };
    expect(outer.xml).toMatchObject({ ToUserName: corp.corpId, AgentID: corp.agentId });
    const { msg_signature, timestamp, nonce } = callback.query;
    expect(getSignature(callbackSecrets.token, timestamp, nonce, outer.xml.Encrypt)).toBe(msg_signature);
    expect(decrypt(callbackSecrets.aesKey, outer.xml.Encrypt)).toMatchObject({ message: xml, id: corp.corpId });
    const inner = xmlParser.parse(xml) as { xml: Record<string, string> };
    expect(inner.xml).toMatchObject({ Content: '整改 ]]> <完成> & 100%', MsgId: '7290000000000000123', FromUserName: 'ZhangSan', MsgType: 'text' });
  });

  it('decrypts what @wecom/crypto encrypts and builds a verifiable URL check', () => {
    const reply = encrypt(callbackSecrets.aesKey, '<xml>回复</xml>', corp.corpId);
    expect(decryptMessage(callbackSecrets.aesKey, reply)).toEqual({ message: '<xml>回复</xml>', receiveId: corp.corpId });
    const check = buildVerification(callbackSecrets);
    expect(decrypt(callbackSecrets.aesKey, check.query.echostr).message).toBe(check.echostr);
    expect(signature(callbackSecrets.token, check.query.timestamp, check.query.nonce, check.query.echostr)).toBe(check.query.msg_signature);
  });

  it('writes template_card_event fields and posts the callback as text/xml', async () => {
    const selectedItems = [{ questionKey: 'q1', optionIds: ['a', 'b'] }];
    const xml = eventXml({ ...base, event: 'template_card_event', eventKey: 'accept', taskId: 'lead-9', cardType: 'vote_interaction', responseCode: 'rc1', selectedItems });
    expect((xmlParser.parse(xml) as { xml: unknown }).xml).toMatchObject({
      Event: 'template_card_event', EventKey: 'accept', TaskId: 'lead-9', CardType: 'vote_interaction', ResponseCode: 'rc1',
      SelectedItems: { SelectedItem: { QuestionKey: 'q1', OptionIds: { OptionId: ['a', 'b'] } } },
    });
    const seen: Array<{ url?: string; type?: string; body: string }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => { seen.push({ url: req.url, type: req.headers['content-type'], body }); res.end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const callback = buildCallback({ ...callbackSecrets, agentId: corp.agentId, xml, timestamp: '1778465220', nonce: '123456' });
    const { port } = server.address() as AddressInfo; // listen() on a TCP port yields an AddressInfo
    await postCallback(`http://127.0.0.1:${port}`, callback);
    await new Promise((resolve) => server.close(resolve));
    const url = `/wecom/callback?msg_signature=${callback.query.msg_signature}&timestamp=1778465220&nonce=123456`;
    expect(seen).toEqual([{ url, type: 'text/xml', body: callback.body }]);
  });
});
