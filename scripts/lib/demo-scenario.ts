import { readFileSync } from 'node:fs';
import type { Config } from '../../src/config.js';
import type { Runtime } from '../../src/runtime.js';
import { applySeed, readSeedFile } from '../../src/admin/seed.js';
import { join } from 'node:path';
import { projectRoot } from '../../src/embedded/project-root.js';
import { Queue } from 'bullmq';
import { addDays } from '../../src/calendar/due-date.js';
import { localDate } from '../../src/calendar/local-date.js';
import { leadModel } from '../../src/models/lead.js';
import { queueNames } from '../../src/queue/names.js';
import { agencyModel } from '../../src/models/agency.js';
import { auditModel } from '../../src/models/audit.js';
import { caseModel } from '../../src/models/case.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import type { FakeWecom } from '../../test/support/fake-wecom/index.js';
import { buildCallback, buildVerification, eventXml, imageXml, postCallback, textXml } from '../../test/support/wecom-callback.js';
import { describeOutbound } from './transcript.js';

export interface ScenarioParts {
  config: Config;
  runtime: Runtime;
  fake: FakeWecom;
  /** Where output goes (console by default; tests collect it). */
  print?: (line: string) => void;
}

export const demoRef = '富检行公建[2021]14号';

/**
 * The demo scenario, drawn from the seed platform: 林业局 has a recommendation to recover illegally
 * occupied forest land; its staff member reports progress three times (once with a photo, once through a
 * selection card), queries it and reports completion; the prosecutor is told; a 自然资源局 staff member
 * tries to update it; an unknown user writes in. Prints what each party sent and received, then MongoDB.
 */
export async function playScenario({ config, runtime, fake, print = console.log }: ScenarioParts): Promise<void> {
  const url = runtime.url!;
  const secrets = { token: config.WECOM_TOKEN, aesKey: config.WECOM_ENCODING_AES_KEY, corpId: config.WECOM_CORP_ID, agentId: config.WECOM_AGENT_ID };
  const seed = readSeedFile(join(projectRoot(), 'seed', 'demo.json'));
  const names = new Map((seed.staff ?? []).map((s) => [s.userid, s.name]));
  names.set('stranger', '未登记用户');
  for (const [userid, name] of names) fake.addUser({ userid, name });
  let msgSeq = 0;
  let mark = fake.requests.length;
  const heading = (text: string) => print(`\n━━ ${text}`);

  /** Waits until the bot has been quiet, then prints what it sent since the last call, per receiver. */
  async function received(expected = 1): Promise<void> {
    const outbound = () => fake.requests.slice(mark).filter((r) => describeOutbound(r) !== undefined);
    await fake.waitFor(() => outbound().length >= expected || undefined, 15_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 400));
    for (const request of outbound()) {
      const to = String((request.body as { touser?: string }).touser ?? '');
      print((describeOutbound(request) ?? '').replace(`→ ${to}`, `→ ${names.get(to) ?? to}`));
    }
    mark = fake.requests.length;
  }
  async function post(xml: string): Promise<number> {
    return (await postCallback(url, buildCallback({ ...secrets, xml }))).status;
  }
  async function say(userid: string, content: string, expected = 1): Promise<void> {
    print(`  → ${names.get(userid)}: ${content.replace(/\n/g, ' / ')}`);
    await post(textXml({ ...secrets, from: userid, content, msgId: `7${Date.now()}${msgSeq++}` }));
    await received(expected);
  }

  await applySeed(runtime.mongo, seed, { by: 'demo', now: new Date(), timeZone: config.TZ });
  heading('准备 (set-up): seed/demo.json');
  for (const a of await agencyModel(runtime.mongo).find().lean()) print(`  单位 ${a.name} (${a._id})，负责检察官 ${a.prosecutors.map((p) => names.get(p) ?? p).join('、')}`);
  print(`  人员 ${(await staffModel(runtime.mongo).find().lean()).map((s) => `${s.name}(${s.role})`).join('、')}`);

  heading('WeCom 验证回调地址 (URL verification)');
  const verification = buildVerification(secrets);
  const verified = await fetch(`${url}/wecom/callback?${new URLSearchParams(verification.query)}`);
  print(`  GET /wecom/callback → HTTP ${verified.status}, echostr ${(await verified.text()) === verification.echostr ? '正确' : '错误'}`);

  heading('林业局 收到检察建议：张三 查看待办');
  await say('zhangsan', '待办');

  heading('张三 第一次报告进度（「14号」有两份，先选择）');
  await say('zhangsan', '进度 14号 30% 已恢复林地120亩');
  const card = fake.appMessages().filter((m) => m.msgtype === 'template_card').at(-1)?.template_card as { task_id: string; button_list: Array<{ key: string; text: string }> } | undefined;
  const pick = card?.button_list.find((b) => b.key.endsWith(demoRef));
  if (card && pick) {
    print(`  → 张三 点击卡片按钮 [${pick.text}]`);
    await post(eventXml({ ...secrets, from: 'zhangsan', event: 'template_card_event', eventKey: pick.key, taskId: card.task_id, cardType: 'button_interaction', responseCode: fake.issueResponseCode(card.task_id) }));
    await received();
  }

  heading('张三 发送一张照片作为证据');
  const mediaId = fake.addMedia({ bytes: readFileSync(join(projectRoot(), 'seed', 'photos', 'forest-replanted.png')), filename: '林地恢复.png' });
  print('  → 张三: [图片] 林地恢复.png');
  await post(imageXml({ ...secrets, from: 'zhangsan', mediaId, picUrl: `${fake.apiBase}/pic/${mediaId}`, msgId: `7${Date.now()}${msgSeq++}` }));
  await received();

  heading('张三 第二、三次报告进度');
  await say('zhangsan', '进度 富检行公建〔2021〕14号 百分之六十 解除承包合同12份');
  await say('zhangsan', '富检行公建(2021)14号 进度 八成 罚款已缴纳50万元');

  heading('WeCom 重试同一条消息 (a retried delivery: no second record, no second reply)');
  const retried = textXml({ ...secrets, from: 'zhangsan', content: '进度 富检行公建〔2021〕14号 90% 补植苗木3000株', msgId: `7${Date.now()}${msgSeq++}` });
  print('  → 张三: 进度 富检行公建〔2021〕14号 90% 补植苗木3000株   (delivered twice by WeCom)');
  await post(retried);
  await received();
  print(`  → (retry) HTTP ${await post(retried)}`);
  await new Promise((r) => setTimeout(r, 800));
  print(`  ← ${fake.requests.slice(mark).some((r) => describeOutbound(r)) ? '重复回复!' : '没有重复回复 (no second reply)'}`);
  mark = fake.requests.length;
  await say('zhangsan', '撤回');

  heading('张三 查询，然后报告完成（检察官收到通知）');
  await say('zhangsan', '查一下富检行公建〔2021〕14号');
  await say('zhangsan', '完成 富检行公建〔2021〕14号 林地381亩已全部恢复，违规合同已全部解除', 2);

  heading('赵六 (林业局) 通过智能机器人长连接发送「待办」');
  const { reqId } = fake.bot.sendText({ userid: 'zhaoliu', content: '待办' });
  print('  → 赵六: 待办   (long connection)');
  const streamed = await fake.bot.waitForReply(reqId, 15_000);
  print(`  ← 长连接回复 (${streamed.cmd})\n${String((streamed.body as { stream?: { content?: string } }).stream?.content ?? '').split('\n').map((l) => `      ${l}`).join('\n')}`);

  heading('伪造的回调 (a forged callback) is refused');
  const forged = buildCallback({ ...secrets, token: 'wrongtoken', xml: textXml({ ...secrets, from: 'zhangsan', content: '撤回', msgId: `8${Date.now()}` }) });
  print(`  → forged signature: HTTP ${(await postCallback(url, forged)).status} (nothing queued)`);

  heading('自然资源局 李四 试图更新不属于本单位的检察建议');
  await say('lisi', '进度 富检行公建〔2021〕14号 100% 已完成');

  heading('未登记的用户发来消息');
  await say('stranger', '你好，我想报告进度');

  heading('张三 上报一件罚款逾期未缴的案件');
  await say('zhangsan', `上报\n案号：富林罚〔2024〕17号\n当事人：富阳某石材有限公司\n违法事实：擅自改变林地用途\n罚款：30000元\n日期：${addDays(localDate(new Date(), config.TZ), -120)}`, 2);

  heading('每日巡查（daily sweep）：逾期未回复的检察建议产生提醒，未缴罚款等产生线索，检察官收到卡片');
  const schedule = new Queue(queueNames.leadSchedule, { connection: runtime.redis, prefix: config.QUEUE_PREFIX });
  await schedule.add('sweep', { force: true });
  await schedule.close();
  await received(2);
  const leadCard = [...fake.appMessages()].reverse().find((m) => m.msgtype === 'template_card' && JSON.stringify(m).includes('公益诉讼线索')) as { template_card: { task_id: string; button_list: Array<{ key: string; text: string }> } } | undefined;
  const accept = leadCard?.template_card.button_list.find((b) => b.text === '受理');
  if (leadCard && accept) {
    print(`  → 王检察官 点击卡片按钮 [${accept.text}]`);
    await post(eventXml({ ...secrets, from: 'wangjc', event: 'template_card_event', eventKey: accept.key, taskId: leadCard.template_card.task_id, cardType: 'button_interaction', responseCode: fake.issueResponseCode(leadCard.template_card.task_id) }));
    await received(2);
  }
  heading('张三 更正已上报案件的当事人名称（该案线索的检察官收到更正通知）');
  await say('zhangsan', '更正 富林罚〔2024〕17号 当事人：富阳某石材有限责任公司', 2);
  await say('wangjc', '统计');

  heading('每日早报（morning digest）：林业局群收到期限提醒（@相关人员），逾期事项升级到检察官群');
  for (const agency of seed.agencies ?? []) if (agency.robotKey) fake.addRobot(agency.robotKey);
  if (config.PROSECUTOR_ROBOT_KEY) fake.addRobot(config.PROSECUTOR_ROBOT_KEY);
  const deadlines = new Queue(queueNames.deadlines, { connection: runtime.redis, prefix: config.QUEUE_PREFIX });
  // The demo shows the morning run whatever the hour it is played at.
  await deadlines.add('digest', { force: true });
  await deadlines.close();
  await received(3);

  heading('MongoDB 中的记录 (what is in MongoDB)');
  const rec = await recommendationModel(runtime.mongo).findById(demoRef).lean();
  if (rec) {
    print(`  recommendations ${rec.ref} ${rec.title}: status ${rec.status}, ${rec.percent}%, due ${rec.dueOn?.toISOString().slice(0, 10)} (${rec.dueRule})`);
    for (const c of rec.history) print(`    history ${c.at.toISOString()} ${c.by} ${c.action} ← ${c.sourceId}`);
  }
  for (const p of await progressModel(runtime.mongo).find({ recommendation: demoRef }).sort({ createdAt: 1 }).lean()) {
    print(`  progress ${p._id} ${p.kind} ${p.percent ?? ''}% 「${p.measures ?? ''}」 evidence ${p.evidence.map((e) => `${e.filename} sha256:${e.sha256.slice(0, 12)}`).join(', ') || '-'}`);
  }
  for (const a of await auditModel(runtime.mongo).find({ outcome: 'refused' }).lean()) print(`  audit refused: ${a.actor} ${a.action} (${a.reason})`);
  for (const l of await leadModel(runtime.mongo).find().sort({ number: 1 }).lean()) print(`  leads ${l.number} ${l.ruleId} v${l.ruleVersion} ${l.subject.label}: ${l.status}${l.decision?.byName ? ` (${l.decision.byName})` : ''}`);
  print(`  messages: ${await messageLogModel(runtime.mongo).countDocuments()}, cases: ${await caseModel(runtime.mongo).countDocuments()}`);
}
