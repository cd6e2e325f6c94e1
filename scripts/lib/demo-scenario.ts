import type { Config } from '../../src/config.js';
import type { Runtime } from '../../src/runtime.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { deliveryModel } from '../../src/models/delivery.js';
import type { FakeWecom } from '../../test/support/fake-wecom/index.js';
import { buildCallback, buildVerification, postCallback, textXml } from '../../test/support/wecom-callback.js';
import { describeBody, describeOutbound } from './transcript.js';

export interface ScenarioParts {
  config: Config;
  runtime: Runtime;
  fake: FakeWecom;
}

function heading(text: string): void {
  console.log(`\n━━ ${text}`);
}

/** Prints what the bot sent since `mark` once it has been quiet for a moment; returns the new mark. */
async function showOutbound(fake: FakeWecom, mark: number, expected = 1): Promise<number> {
  const outbound = () => fake.requests.slice(mark).filter((r) => describeOutbound(r) !== undefined);
  await fake.waitFor(() => outbound().length >= expected || undefined, 10_000).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 300));
  for (const request of outbound()) console.log(describeOutbound(request));
  return fake.requests.length;
}

/** The scenario: verification, a staff member's message, a WeCom retry, the long connection, a forged call. */
export async function playScenario({ config, runtime, fake }: ScenarioParts): Promise<void> {
  const url = runtime.url!;
  const secrets = { token: config.WECOM_TOKEN, aesKey: config.WECOM_ENCODING_AES_KEY, corpId: config.WECOM_CORP_ID, agentId: config.WECOM_AGENT_ID };
  for (const [userid, name] of [['zhangsan', '张三 (林业局)'], ['lisi', '李四 (自然资源局)'], ['jianchaguan', '王检察官']] as const) fake.addUser({ userid, name });

  heading('WeCom 验证回调地址 (URL verification)');
  const verification = buildVerification(secrets);
  const verified = await fetch(`${url}/wecom/callback?${new URLSearchParams(verification.query)}`);
  console.log(`  GET /wecom/callback → HTTP ${verified.status}, echostr ${(await verified.text()) === verification.echostr ? '正确' : '错误'}`);

  heading('张三 (林业局) 通过应用发送「帮助」');
  let mark = fake.requests.length;
  const msgId = `7${Date.now()}`;
  const callback = buildCallback({ ...secrets, xml: textXml({ ...secrets, from: 'zhangsan', content: '帮助', msgId }) });
  console.log(`  → 张三: 帮助   (callback answered HTTP ${(await postCallback(url, callback)).status})`);
  mark = await showOutbound(fake, mark);

  heading('WeCom 重试同一条消息 (a retried delivery)');
  console.log(`  → (retry of MsgId ${msgId}) HTTP ${(await postCallback(url, callback)).status}`);
  await new Promise((r) => setTimeout(r, 800));
  const again = fake.requests.slice(mark).filter((r) => describeOutbound(r) !== undefined).length;
  console.log(`  ← ${again === 0 ? '没有重复回复 (no second reply)' : `${again} 条重复回复!`}`);

  heading('李四 通过智能机器人长连接发送「帮助」');
  const { reqId } = fake.bot.sendText({ userid: 'lisi', content: '帮助' });
  console.log('  → 李四: 帮助');
  const reply = await fake.bot.waitForReply(reqId, 10_000);
  const stream = (reply.body as { stream?: { content?: string } }).stream;
  console.log(`  ← 长连接回复 (${reply.cmd})\n${(stream?.content ?? describeBody(reply.body as Record<string, unknown>)).split('\n').map((l) => `      ${l}`).join('\n')}`);

  heading('伪造的回调 (a forged callback)');
  const forged = buildCallback({ ...secrets, token: 'wrongtoken', xml: textXml({ ...secrets, from: 'zhangsan', content: '撤回', msgId: `8${Date.now()}` }) });
  console.log(`  → forged signature: HTTP ${(await postCallback(url, forged)).status} (refused, nothing queued)`);

  heading('MongoDB 中的记录 (what is in MongoDB)');
  const messages = await messageLogModel(runtime.mongo).find().sort({ receivedAt: 1 }).lean();
  for (const m of messages) console.log(`  messages  ${m._id}  ${m.channel}  ${m.from}  「${m.text ?? m.kind}」  ${m.state}, ${m.replies ?? 0} reply`);
  const deliveries = await deliveryModel(runtime.mongo).find().sort({ createdAt: 1 }).lean();
  for (const d of deliveries) console.log(`  deliveries ${d._id}  ${d.channel} → ${d.target}  ${d.state}`);
}
