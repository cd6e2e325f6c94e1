import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel } from '../../src/models/case.js';
import { progressModel } from '../../src/models/progress.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say } from '../support/chat.js';
import { buildCallback, locationXml, linkXml, postCallback, voiceXml } from '../support/wecom-callback.js';

const ref21 = '富检行公建[2021]21号';
const ref9 = '富检行公建[2021]9号';
const ref14of2022 = '富检行公建[2022]14号';
const ref14of2021 = '富检行公建[2021]14号';

/** The first bytes of a real JPEG, then `tail` so each photo has its own hash. */
function jpeg(tail: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF\0${tail}`)]);
}

describe('where photos and files go, and what the bot says about them (self-built app callback)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  /** Posts a decrypted message document as WeCom would and returns what the bot answered the sender. */
  async function post(from: string, xml: (createTime: number, msgId: string) => string): Promise<string> {
    h.clock.advance(1000);
    const before = h.fake.appMessages().length;
    const answers = () => h.fake.appMessages().slice(before).filter((m) => m.touser === from).map((m) => (m.text as { content?: string } | undefined)?.content ?? JSON.stringify(m));
    const createTime = Math.floor(h.clock.now() / 1000);
    const callback = buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml: xml(createTime, newMsgId()), timestamp: String(createTime) });
    expect((await postCallback(h.runtime.url!, callback)).status).toBe(200);
    await h.fake.waitFor(() => answers().length > 0 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    if (process.env.SHOW_REPLIES) console.log(answers().join('\n'));
    return answers().join('\n');
  }

  const head = (from: string, createTime: number, type: string) =>
    `<ToUserName><![CDATA[${h.config.WECOM_CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[${type}]]></MsgType>`;

  function sendPhoto(from: string, bytes: Buffer): Promise<string> {
    const mediaId = h.fake.addMedia({ bytes, filename: 'photo.jpg', contentType: 'image/jpeg' });
    return post(from, (t, id) => `<xml>${head(from, t, 'image')}<PicUrl><![CDATA[http://p]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId><MsgId>${id}</MsgId><AgentID>${h.config.WECOM_AGENT_ID}</AgentID></xml>`);
  }

  function sendFile(from: string, filename: string, bytes: Buffer): Promise<string> {
    const mediaId = h.fake.addMedia({ bytes, filename, contentType: 'application/octet-stream' });
    return post(from, (t, id) => `<xml>${head(from, t, 'file')}<MediaId><![CDATA[${mediaId}]]></MediaId><FileName><![CDATA[${filename}]]></FileName><MsgId>${id}</MsgId><AgentID>${h.config.WECOM_AGENT_ID}</AgentID></xml>`);
  }

  const updates = (ref: string) => progressModel(h.runtime.mongo).find({ recommendation: ref }).sort({ createdAt: 1 }).lean();
  const base = (from: string, createTime: number) => ({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from, createTime });

  it('takes a caption (21号现场照片如下) as no update: no figure asked, and the photo goes on the open update', async () => {
    expect(await say(h, 'lisi', '进度 21号 50% 已关停非法采矿点5处')).toContain('已记录');
    const caption = await say(h, 'lisi', '21号现场照片如下');
    expect(caption).toContain(`请直接发送照片，将作为证据附在 ${ref21} 的进展（进度 50%：已关停非法采矿点5处）上`);
    expect(caption).not.toContain('请补充整改进度');
    expect(await sendPhoto('lisi', jpeg('site-21'))).toContain(`已将照片作为证据附在 ${ref21} 的进展（进度 50%`);
    const [only, ...more] = await updates(ref21);
    expect(more).toHaveLength(0);
    expect(only?.evidence).toHaveLength(1);
  });

  it('holds a photo sent while the figure of a new update is asked for, and attaches it to that update once answered', async () => {
    expect(await say(h, 'lisi', '进度 21号 已复绿60亩')).toContain('请补充整改进度');
    const held = await sendPhoto('lisi', jpeg('regreened-60'));
    expect(held).toContain('暂未保存');
    expect(held).toContain('进度 21号 已复绿60亩');
    expect((await updates(ref21))[0]?.evidence).toHaveLength(1);
    const answer = await say(h, 'lisi', '70%');
    expect(answer).toContain('已记录');
    expect(answer).toContain(`已将您之前发送的照片作为证据附在 ${ref21} 的进展（进度 70%：已复绿60亩）上`);
    const [first, second] = await updates(ref21);
    expect([first?.evidence.length, second?.percent, second?.evidence.length]).toEqual([1, 70, 1]);
  });

  it('puts a photo sent after 回复 on the written reply, and says a photo after 上报 went with no record', async () => {
    expect(await say(h, 'lisi', '回复 21号 已对非法采矿行为立案查处')).toContain('已记录');
    expect(await sendPhoto('lisi', jpeg('signed-reply'))).toContain(`已将照片作为证据附在 ${ref21} 的书面回复上`);
    const reply = (await updates(ref21)).find((u) => u.kind === 'reply');
    expect(reply?.evidence).toHaveLength(1);

    expect(await say(h, 'lisi', '上报 案号：富自然罚〔2026〕130号 当事人：某砂场 违法事实：擅自开采砂石 罚款：2万元')).toContain('已登记');
    expect(await caseModel(h.runtime.mongo).countDocuments({ caseNumber: /130号/ })).toBe(1);
    const afterCase = await sendPhoto('lisi', jpeg('sand-pit'));
    expect(afterCase).toContain('没有保存');
    expect(afterCase).toContain('富自然罚');
    expect(afterCase).toContain(`如这张照片是 ${ref21} 的书面回复的证据，请先发送「${ref21}的照片」，再重新发送`);
    // Photos of a case come one by one: the second is kept off the reply too.
    expect(await sendPhoto('lisi', jpeg('sand-pit-2'))).toContain('没有保存');
    expect((await updates(ref21)).map((u) => u.evidence.length)).toEqual([1, 1, 1]);
    expect(await say(h, 'lisi', `${ref21}的照片`)).toContain(`附在 ${ref21} 的书面回复上`);
    expect(await sendPhoto('lisi', jpeg('sand-pit'))).toContain(`已将照片作为证据附在 ${ref21} 的书面回复上`);
  });

  it('refuses an old .xls ledger as a sheet to save as .xlsx, and an empty file or a program as evidence', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    const xls = await sendFile('lisi', '2026年案件台账.xls', ole);
    expect(xls).toContain('另存为 .xlsx');
    expect(xls).not.toContain('作为证据附在');
    expect(await sendFile('lisi', '说明.txt', Buffer.alloc(0))).toContain('是空的');
    const exe = await sendFile('lisi', 'setup.exe', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]));
    expect(exe).toContain('不能作为证据，没有保存');
    expect((await updates(ref21)).map((u) => u.evidence.length)).toEqual([1, 1, 2]);
  });

  it('says plainly that voice without text, a location and a link cannot be recorded', async () => {
    const voice = await post('lisi', (t, id) => voiceXml({ ...base('lisi', t), mediaId: h.fake.addMedia({ bytes: Buffer.from('#!AMR\n'), filename: 'v.amr' }), msgId: id }));
    expect(voice).toContain('不能作为记录保存');
    expect(voice).not.toContain('已收到');
    const location = await post('lisi', (t, id) => locationXml({ ...base('lisi', t), latitude: 30.05, longitude: 119.95, label: '杭州市富阳区银湖街道某矿点', msgId: id }));
    expect(location).toContain('位置消息不能作为记录保存');
    const link = await post('lisi', (t, id) => linkXml({ ...base('lisi', t), title: '21号整改情况说明', description: '', url: 'https://example.org/a', msgId: id }));
    expect(link).toContain('链接不能作为记录保存');
  });

  it('points a photo put on the wrong recommendation to 撤回 and resending, and a caption sends the next photo to 9号', async () => {
    expect(await say(h, 'zhangsan', `进度 ${ref9} 30% 已追缴部分费用`)).toContain('已记录');
    expect(await say(h, 'zhangsan', '进度 2022年14号 20% 解除合同2份')).toContain('已记录');
    expect(await sendPhoto('zhangsan', jpeg('fee-receipt'))).toContain(`附在 ${ref14of2022} 的进展`);
    const correction = await say(h, 'zhangsan', '刚才那张照片是9号的，不是14号的');
    expect(correction).not.toContain('没有看懂');
    expect(correction).toContain(`附在 ${ref14of2022} 的进展`);
    expect(correction).toContain('撤回');
    expect(correction).toContain('9号的照片');
    expect(await say(h, 'zhangsan', '9号的照片')).toContain(`附在 ${ref9} 的进展（进度 30%`);
    expect(await sendPhoto('zhangsan', jpeg('fee-receipt'))).toContain(`已将照片作为证据附在 ${ref9} 的进展（进度 30%`);
    expect((await updates(ref9))[0]?.evidence).toHaveLength(1);
    expect((await updates(ref14of2022))[0]?.evidence).toHaveLength(1);
  });

  it('holds a photo sent before its update, says it is not saved yet, names a colleague\'s open update, and attaches it to the update', async () => {
    const first = await sendPhoto('zhaoliu', jpeg('forest-first'));
    expect(first).toContain('还没有保存');
    expect(first).not.toContain('已收到照片');
    expect(first).toContain('同事张三');
    const answer = await say(h, 'zhaoliu', `进度 ${ref14of2021} 35% 恢复林地60亩`);
    expect(answer).toContain(`已将您之前发送的照片作为证据附在 ${ref14of2021} 的进展（进度 35%`);
    expect((await updates(ref14of2021)).at(-1)?.evidence).toHaveLength(1);
  });

  it('reads the answer to a case question that mentions a file as that answer, not as a photo put right', async () => {
    expect(await say(h, 'lisi', '上报 案号：富自然罚〔2026〕131号 当事人：某采石场')).toContain('违法事实');
    const answer = await say(h, 'lisi', '未取得采矿许可文件，不是首次开采');
    expect(answer).toContain('已登记');
    expect((await caseModel(h.runtime.mongo).findOne({ caseNumber: /131号/ }).lean())?.facts).toContain('采矿许可文件');
  });

  it('calls a photo over 20 MB a photo when refusing it', async () => {
    expect(await say(h, 'lisi', '进度 21号 80% 已复绿70亩')).toContain('已记录');
    const answer = await sendPhoto('lisi', Buffer.concat([jpeg('huge'), Buffer.alloc(20 * 1024 * 1024)]));
    expect(answer).toContain('这张照片超过 20 MB，未保存');
    expect((await updates(ref21)).at(-1)?.evidence).toHaveLength(0);
  });

  it('tells staff of an agency with nothing open that the photo was not saved', async () => {
    const answer = await sendPhoto('qianqi', jpeg('market'));
    expect(answer).toContain('没有保存');
    expect(answer).toContain('没有未办结的检察建议');
    expect(answer).not.toContain('「进度 <文号>');
  });

  it('attaches a photo sent while a selection card waits for the click to the update the click records', async () => {
    expect(await say(h, 'zhaoliu', '进度 14号 85% 补植苗木500株')).toContain('请选择检察建议');
    const card = h.fake.appMessages().filter((m) => m.msgtype === 'template_card' && m.touser === 'zhaoliu').at(-1)!.template_card as { task_id: string };
    expect(await sendPhoto('zhaoliu', jpeg('while-choosing'))).toContain('暂未保存：「进度 14号 85% 补植苗木500株」还在等您在卡片上选择');
    const answer = await post('zhaoliu', (t) => `<xml>${head('zhaoliu', t, 'event')}<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[pick:${ref14of2022}]]></EventKey><TaskId><![CDATA[${card.task_id}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${h.fake.issueResponseCode(card.task_id)}]]></ResponseCode><AgentID>${h.config.WECOM_AGENT_ID}</AgentID></xml>`);
    expect(answer).toContain(`已记录 ${ref14of2022} 的整改进展`);
    expect(answer).toContain(`已将您之前发送的照片作为证据附在 ${ref14of2022}`);
    const latest = (await updates(ref14of2022)).at(-1);
    expect([latest?.percent, latest?.evidence.length]).toEqual([85, 1]);
  });
});

