import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { ruleCommands } from '../../src/admin/cli-rule-commands.js';
import { setReceipt } from '../../src/admin/registry.js';
import { addDays } from '../../src/calendar/due-date.js';
import { dateOnly, ymd } from '../../src/calendar/local-date.js';
import { connectMongo } from '../../src/db/connect.js';
import { evaluateSubject } from '../../src/leads/evaluate-subject.js';
import { seedRuleSet } from '../../src/leads/rule-store.js';
import { platformStats } from '../../src/leads/stats.js';
import { agencyModel } from '../../src/models/agency.js';
import { leadModel } from '../../src/models/lead.js';
import { recommendationModel, type RecommendationRecord } from '../../src/models/recommendation.js';
import type { Rule } from '../../src/rules/index.js';
import { isolate } from '../support/isolation.js';

const TZ = 'Asia/Shanghai';
const R08 = 'R08-recommendation-overdue';
const R09 = 'R09-complete-without-evidence';
const eco = '生态环境和资源保护';
/** 10:00 in Shanghai on a date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);

function recommendation(serial: number, history: RecommendationRecord['history'] = []): RecommendationRecord {
  const ref = `富检行公建[2026]${serial}号`;
  return {
    _id: ref, ref, refSerial: serial, agency: 'shuiwu', title: '督促保护水源地', requirements: '清理排污口', cases: [], issuedOn: dateOnly('2026-06-25'),
    urgent: false, status: 'issued', percent: 0, prosecutors: [], history,
  };
}

/** The rules as a database stored them before R08 and R09 raised 提醒: both 公益诉讼线索 from the first overdue. */
function rulesBeforeRevision(): Rule[] {
  return seedRuleSet().rules.map((rule) => {
    if (rule.id !== R08 && rule.id !== R09) return rule;
    const { escalate: _escalate, ...earlier } = rule;
    const { episodes: _episodes, ...params } = rule.params;
    return { ...earlier, kind: 'pil', params };
  });
}

/**
 * domain.md §4.8: a recommendation's first overdue and a completion without evidence are alerts (提醒) to the
 * prosecutor, counted as no 公益诉讼线索; the second overdue is one. A database whose leads were raised as PIL leads
 * counts them as 提醒 once `rules reseed` installs the revised rules.
 */
describe('提醒 (prompt) leads: first overdue, second overdue, and leads raised before the revision', () => {
  const ns = isolate('reclassify');
  let mongo: Connection;
  const evaluate = (id: string, now: Date) => evaluateSubject({ mongo, timeZone: TZ, now }, { kind: 'recommendation', id });

  beforeAll(async () => {
    mongo = await connectMongo(ns.mongoUri);
    await agencyModel(mongo).create({ _id: 'shuiwu', name: '富阳区水务局', domains: [eco], prosecutors: ['lijc'] });
  });
  afterAll(async () => {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('raises a 提醒 on the first overdue and a 公益诉讼线索 on the second, one per episode, counted in the statistics only for the second', async () => {
    const rec = await recommendationModel(mongo).create(recommendation(41));
    const received = await setReceipt(mongo, rec.ref, { receivedOn: '2026-07-01' }, 'admin', at('2026-07-02'));
    const firstDue = ymd(received.dueOn!);
    const first = await evaluate(rec._id, at(addDays(firstDue, 3)));
    expect(first.created.map((l) => [l.ruleId, l.kind])).toEqual([[R08, 'prompt']]);
    // A new period (e.g. set after 审查未整改) that passes too: the second overdue.
    const secondDue = addDays(firstDue, 30);
    await recommendationModel(mongo).updateOne({ _id: rec._id }, {
      $set: { dueOn: dateOnly(secondDue) },
      $push: { history: { at: at(addDays(firstDue, 10)), by: 'admin', action: 'due_reset', sourceId: 'test:reset', detail: { previousDueOn: dateOnly(firstDue), dueOn: dateOnly(secondDue) } } },
    });
    const second = await evaluate(rec._id, at(addDays(secondDue, 1)));
    expect(second.created.map((l) => [l.ruleId, l.kind])).toEqual([[R08, 'pil']]);
    expect(second.created[0]!.values).toEqual(expect.arrayContaining([{ fact: 'derived.overdueEpisodes', value: 2 }]));
    expect((await evaluate(rec._id, at(addDays(secondDue, 2)))).created).toEqual([]);
    // Registered without a domain: its agency's only domain is the one its leads count under.
    expect(second.created[0]!.subject.domain).toBe(eco);
    const stats = await platformStats(mongo, TZ);
    expect(stats.total.pilLeads).toBe(1);
    expect(stats.leads.raised).toBe(1);
    // The first overdue's 提醒 is told apart, so the chat's 线索共 line says what the lead numbers are besides leads.
    expect(stats.leads.prompts).toBe(1);
    expect(stats.byDomain).toEqual([expect.objectContaining({ key: eco, pilLeads: 1 })]);
  });

  it('gives the leads raised as 公益诉讼线索 before the revision the kind 提醒 on rules reseed, keeping number, decision and history', async () => {
    await leadModel(mongo).deleteMany({});
    const rulesets = mongo.collection<{ _id: string; [field: string]: unknown }>('rulesets');
    await rulesets.deleteMany({});
    await rulesets.insertOne({ _id: 'current', version: 1, rules: rulesBeforeRevision(), changedAt: at('2026-01-01'), changedBy: 'seed', change: 'seed' });
    const rec = await recommendationModel(mongo).create(recommendation(42));
    const received = await setReceipt(mongo, rec.ref, { receivedOn: '2026-07-01' }, 'admin', at('2026-07-02'));
    const raised = (await evaluate(rec._id, at(addDays(ymd(received.dueOn!), 5)))).created;
    expect(raised.map((l) => [l.ruleId, l.kind])).toEqual([[R08, 'pil']]);
    await leadModel(mongo).updateOne({ _id: raised[0]!._id }, { $set: { status: 'accept', decision: { action: 'accept', by: 'lijc', byName: '李检察官', at: at('2026-09-10') } } });
    expect((await platformStats(mongo, TZ)).total).toMatchObject({ pilLeads: 1, pilCases: 1 });

    const printed: string[] = [];
    const reseed = ruleCommands.find((c) => c.name === 'rules reseed')!;
    const now = at('2026-09-20');
    await reseed.prepare({ args: [], options: {}, by: 'operator', now, today: '2026-09-20', timeZone: TZ })(mongo, { print: (l) => printed.push(l), warn: (l) => printed.push(l) });

    const lead = await leadModel(mongo).findById(raised[0]!._id).lean();
    expect(lead).toMatchObject({ kind: 'prompt', number: raised[0]!.number, status: 'accept', decision: { by: 'lijc' } });
    expect(lead!.history.at(-1)).toMatchObject({ action: 'reclassified', by: 'operator', detail: { from: 'pil', to: 'prompt' } });
    expect(printed.join('\n')).toContain(`1 leads given the kind their revised rule gives them (prompt): ${raised[0]!.number}`);
    const stats = await platformStats(mongo, TZ);
    expect(stats.total).toMatchObject({ pilLeads: 0, pilCases: 0 });
    expect(stats.leads.raised).toBe(0);
    // A second reseed finds the rules as the seed has them and changes nothing.
    printed.length = 0;
    await reseed.prepare({ args: [], options: {}, by: 'operator', now, today: '2026-09-20', timeZone: TZ })(mongo, { print: (l) => printed.push(l), warn: (l) => printed.push(l) });
    expect(printed).toEqual([expect.stringContaining('unchanged')]);
  });
});
