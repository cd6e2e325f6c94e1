import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommands } from '../../src/admin/cli-commands.js';
import { addRecommendation } from '../../src/admin/registry.js';
import { localDate } from '../../src/calendar/local-date.js';
import { heldAlertGraceMs } from '../../src/leads/send-alert.js';
import { leadModel } from '../../src/models/lead.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { apiClient } from '../support/api-client.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { waitUntil } from '../support/wait-until.js';

const groupKey = 'prosecutors-group';
/** An instant in Shanghai time, e.g. at('2026-02-24 08:05'). */
const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);

/**
 * Alerts the clock raises (the nightly sweep, a recommendation registered already overdue) reach the prosecutors in
 * working time, and the escalation counts from then: over the 2026 Spring Festival (days off 02-15…02-23).
 */
describe('lead alerts raised outside working time (moved clock, Spring Festival 2026)', () => {
  let h: BotHarness;
  let schedule: Queue;
  const api = apiClient(() => h.runtime.url!, apiTokens.admin);
  beforeAll(async () => {
    h = await startBotHarness({ env: { PROSECUTOR_ROBOT_KEY: groupKey, LEAD_ESCALATE_AFTER_HOURS: '24', API_TOKENS: apiTokensEnv }, clockStart: at('2026-02-21 02:00') });
    h.fake.addRobot(groupKey);
    schedule = new Queue(queueNames.leadSchedule, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await schedule.close();
    await h.stop();
  });

  const moveTo = (local: string) => h.clock.advance(at(local) - h.clock.now());
  async function run(name: 'sweep' | 'check', data: { force?: boolean } = {}): Promise<void> {
    const job = await schedule.add(name, data);
    await waitUntil(async () => (await job.isCompleted()) || undefined, `the ${name} job`, 20_000);
  }
  const cards = () => h.fake.appMessages().filter((m) => m.msgtype === 'template_card');
  // 【线索超时未处理】, or 【提醒超时未处理】 for the 提醒 an overdue recommendation raises (R08).
  const escalations = () => h.fake.robotMessages(groupKey).filter((m) => /【(?:线索|提醒|线索和提醒)超时未处理】/.test(JSON.stringify(m.body)));
  const leads = () => leadModel(h.runtime.mongo).find({ status: 'open' }).lean();
  /** Until the evaluations the sweep or a registration requested have raised what they raise. */
  async function settled(): Promise<number> {
    let last = -1;
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const count = (await leads()).length;
      if (count === last && count > 0) return count;
      last = count;
    }
    return last;
  }

  it('holds the alerts the 02:00 sweep raises on a holiday until the next working morning', async () => {
    await run('sweep');
    expect(await settled()).toBeGreaterThan(0);
    await run('check');
    await new Promise((r) => setTimeout(r, 1000));
    expect(cards()).toHaveLength(0);
    expect((await leads()).filter((lead) => lead.alert?.taskId)).toHaveLength(0);
    // A prosecutor looking meanwhile is told they wait for the working morning, not that others have them.
    const before = h.fake.appMessages().length;
    await h.sendText('wangjc', '线索', newMsgId());
    const answer = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === 'wangjc'), 15_000);
    const text = (answer.text as { content: string }).content;
    expect(text).toContain(`另有 ${(await leads()).length} 条新发现的线索或提醒尚未发出`);
    expect(text).not.toContain('由其他检察官处理');
  });

  it('evaluates a recommendation registered already overdue at once, its alert held as well', async () => {
    const before = (await leads()).length;
    moveTo('2026-02-21 10:00');
    const { status } = await api.json('/api/recommendations', { method: 'POST', json: { ref: '富检行公建〔2025〕40号', agency: 'linye', title: '督促补植复绿', requirements: '补植复绿', issuedOn: '2025-10-20', receivedOn: '2025-10-31' } });
    expect(status).toBe(201);
    await waitUntil(async () => (await leads()).find((lead) => lead.subject.label.includes('40号')), 'the lead of 40号', 20_000);
    expect((await leads()).length).toBe(before + 1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(cards()).toHaveLength(0);
  });

  it('delivers the held alerts at the first check in working time, and escalates 24 hours after that, not after the sweep', async () => {
    const raised = (await leads()).length;
    moveTo('2026-02-23 09:00'); // Monday, still the holiday
    await run('check');
    moveTo('2026-02-24 07:45'); // the first working day, before 08:00
    await run('check');
    await new Promise((r) => setTimeout(r, 1000));
    expect(cards()).toHaveLength(0);
    expect(escalations()).toHaveLength(0);

    moveTo('2026-02-24 08:00');
    await run('check');
    await waitUntil(() => cards().length === raised || undefined, 'the held alerts', 20_000);
    expect(cards().some((m) => JSON.stringify(m).includes('40号'))).toBe(true);
    expect((await leads()).every((lead) => lead.alert?.sentAt.getTime() === at('2026-02-24 08:00'))).toBe(true);
    await run('check'); // again: each alert once
    await new Promise((r) => setTimeout(r, 1000));
    expect(cards()).toHaveLength(raised);

    moveTo('2026-02-25 07:59');
    await run('check');
    await new Promise((r) => setTimeout(r, 1000));
    expect(escalations()).toHaveLength(0);
    moveTo('2026-02-25 08:15');
    await run('check');
    await waitUntil(() => escalations().length || undefined, 'the escalation', 20_000);
    expect(JSON.stringify(escalations()[0]!.body)).toContain('仍无人处理');
  });

  it('evaluates a recommendation the admin CLI registers already overdue, and the lead check sends its alert', async () => {
    moveTo('2026-02-25 10:00');
    const printed: string[] = [];
    const now = new Date(h.clock.now());
    const command = adminCommands.find((c) => c.name === 'recommendation add')!;
    const options = { ref: '富检行公建〔2025〕41号', agency: 'linye', title: '督促清理倾倒垃圾', requirements: '清理', issued: '2025-10-20', received: '2025-10-31' };
    await command.prepare({ args: [], options, by: 'ops', now, today: localDate(now, h.config.TZ), timeZone: h.config.TZ })(h.runtime.mongo, { print: (l) => printed.push(l), warn: (l) => printed.push(l) });
    const lead = (await leads()).find((l) => l.subject.label.includes('41号'));
    expect(lead?.alert?.taskId).toBeUndefined();
    // An overdue recommendation raises a 提醒 (R08, domain §4.8), named as such to the operator.
    expect(printed.join('\n')).toContain(`prompt (提醒) ${lead!.number} raised`);
    const before = cards().length;
    h.clock.advance(heldAlertGraceMs + 60_000);
    await run('check');
    await waitUntil(() => cards().slice(before).find((m) => JSON.stringify(m).includes('41号')), 'the alert of 41号', 20_000);
    await run('check');
    await new Promise((r) => setTimeout(r, 1000));
    expect(cards().slice(before)).toHaveLength(1);
  });

  it('sends at once the alerts of a sweep asked for with force (the demo), whatever the hour', async () => {
    moveTo('2026-03-01 03:00'); // a Sunday night
    const input = { ref: '富检行公建〔2025〕42号', agency: 'linye', title: '督促清理河道', requirements: '清理', issuedOn: '2025-10-20', receivedOn: '2025-10-31', urgent: false };
    await addRecommendation(h.runtime.mongo, input, 'test', new Date(h.clock.now()));
    await run('sweep', { force: true });
    await waitUntil(() => cards().find((m) => JSON.stringify(m).includes('42号')), 'the alert of 42号', 20_000);
  });
});
