/**
 * Rule thresholds over the admin API, against the real services: the same ranges as `npm run admin -- rules set`
 * (src/leads/rule-store.ts), refused with a 400 in Chinese naming the threshold; a change to what the rule already
 * has makes no new version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentRuleSet } from '../../src/leads/rule-store.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers

describe('admin API rule thresholds (e2e over HTTP)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
  });
  afterAll(() => h.stop());

  const patch = async (id: string, body: unknown) => {
    const response = await fetch(`${h.runtime.url}/api/rules/${id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${apiTokens.admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const versionsStored = () => h.runtime.mongo.collection('rulesets').countDocuments();

  it('refuses nonsense thresholds with a 400 in Chinese naming the threshold, and stores no version', async () => {
    const { version } = await currentRuleSet(h.runtime.mongo);
    const before = await versionsStored();
    const refusals: Array<[string, unknown, string]> = [
      ['R01-fine-unpaid', { params: { days: 1e9 } }, '输入有误：params.days 提示天数应为 1–3650 日之间的整数，收到 1000000000'],
      ['R01-fine-unpaid', { params: { days: 0 } }, '输入有误：params.days 提示天数应为 1–3650 日之间的整数，收到 0'],
      ['R01-fine-unpaid', { params: { days: 1.5 } }, '输入有误：params.days 提示天数应为 1–3650 日之间的整数，收到 1.5'],
      ['R03-violation-continuing', { params: { cases: 0 } }, '输入有误：params.cases 提示案件数应为 1–1000 件之间的整数，收到 0'],
      ['R07-large-fine-no-hearing', { params: { hearingFineYuan: -1 } }, '输入有误：params.hearingFineYuan 听证罚款标准应为大于 0、不超过 100000000000 的数值（元），收到 -1'],
    ];
    for (const [id, body, message] of refusals) {
      expect(await patch(id, body), JSON.stringify(body)).toMatchObject({ status: 400, body: { error: 'invalid_input', message } });
    }
    expect(await versionsStored()).toBe(before);
    expect((await currentRuleSet(h.runtime.mongo)).version).toBe(version);
  });

  it('makes no new version for a change to what the rule already has', async () => {
    const changed = await patch('R01-fine-unpaid', { params: { days: 120 } });
    expect(changed).toMatchObject({ status: 200, body: { rule: { params: { days: 120 } } } });
    const stored = await versionsStored();
    expect(await patch('R01-fine-unpaid', { params: { days: 120 } })).toMatchObject({ status: 200, body: { version: changed.body.version } });
    expect(await patch('R01-fine-unpaid', { enabled: true })).toMatchObject({ status: 200, body: { version: changed.body.version } });
    expect(await versionsStored()).toBe(stored);
  });
});
