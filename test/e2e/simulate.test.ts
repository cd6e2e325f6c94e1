import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { helpText } from '../../handlers/help.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const run = promisify(execFile);

describe('npm run simulate', () => {
  let h: BotHarness;
  let session: string;
  beforeAll(async () => {
    h = await startBotHarness();
    session = join(mkdtempSync(join(tmpdir(), 'simulate-')), 'session.json');
    writeFileSync(session, JSON.stringify({
      botUrl: h.runtime.url, fakeUrl: h.fake.apiBase, corpId: h.config.WECOM_CORP_ID,
      agentId: String(h.config.WECOM_AGENT_ID), token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY,
    }));
  });
  afterAll(() => h.stop());

  const simulate = (...args: string[]) => run('node_modules/.bin/tsx', ['scripts/simulate.ts', '--session', session, '--wait', '8000', ...args]);

  it('sends a text the way WeCom does and prints the reply the fake recorded', async () => {
    const { stdout } = await simulate('--user', 'zhangsan', '帮助');
    expect(stdout).toContain('→ zhangsan: 帮助');
    expect(stdout).toContain('callback answered HTTP 200');
    expect(stdout).toContain('← 应用消息 → zhangsan');
    expect(stdout).toContain(helpText.split('\n')[1]);
  });

  it('sends a photo and an event', async () => {
    const photo = join(tmpdir(), 'evidence.jpg');
    writeFileSync(photo, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const image = await simulate('--user', 'zhangsan', '--image', photo);
    expect(image.stdout).toContain('[图片] evidence.jpg (7 bytes)');
    expect(image.stdout).toContain('← 应用消息 → zhangsan');
    const event = await simulate('--user', 'zhangsan', '--event', 'enter_agent');
    expect(event.stdout).toContain('您好，我是衔接助手');
  });

  it('says how to use it when the user is missing', async () => {
    const failure = await simulate('帮助').catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('usage: npm run simulate');
  });
});
