import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../../src/calendar/local-date.js';
import { parseDateWithoutYear } from '../../../src/commands/written-dates.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `npx tsx scripts/parse.ts …` the way an operator does (`npm run parse` runs the same command). */
function runParse(args: string[], input?: string): { status: number | null; lines: unknown[]; stderr: string } {
  const result = spawnSync('npx', ['tsx', 'scripts/parse.ts', ...args], { cwd: root, input, encoding: 'utf8', timeout: 80_000 });
  const lines = result.stdout.split('\n').filter((line) => line !== '').map((line): unknown => JSON.parse(line));
  return { status: result.status, lines, stderr: result.stderr };
}

// Each case starts a tsx process: on a loaded machine that alone has taken over 25 s.
describe('scripts/parse.ts', { timeout: 90_000 }, () => {
  it('prints one JSON line for its arguments joined by a space', () => {
    const { status, lines, stderr } = runParse(['进度', '14号', '60%', '已恢复林地120亩']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(lines).toEqual([
      {
        command: 'progress',
        ref: '14号',
        percent: 60,
        stage: null,
        measures: '已恢复林地120亩',
        quantities: [{ item: '林地', value: 120, unit: '亩', raw: '120亩', base: { value: 120, unit: '亩' } }],
        refParts: { prefix: null, year: null, serial: 14 },
        missing: [],
        problems: [],
        hint: null,
        text: '进度 14号 60% 已恢复林地120亩',
      },
    ]);
  });

  it('reads standard input when given no argument: one JSON line per non-empty line, CRLF tolerated', () => {
    const { status, lines } = runParse([], '待办\n\n富检行公建〔2021〕14号 完成了，照片稍后发\r\n   \n百分之八十 解除合同12份\n罚款已经缴了');
    expect(status).toBe(0);
    expect(lines).toMatchObject([
      { command: 'todo', ref: null, percent: null },
      { command: 'complete', ref: '富检行公建[2021]14号', percent: 100, note: '照片稍后发' },
      { command: 'progress', ref: null, percent: 80, measures: '解除合同12份', missing: ['ref'] },
      { command: 'unknown', ref: null, percent: null, suggested: 'progress', text: '罚款已经缴了' },
    ]);
  });

  it('reads a date without a year as the bot does, against today in TZ, each date under its own label', () => {
    const today = localDate(new Date(), process.env.TZ || 'Asia/Shanghai');
    const { status, lines } = runParse(['上报 富林罚〔2026〕118号 当事人黄某 违法事实x 罚款2000元 立案日期11月10日 决定日期11月11日']);
    expect(status).toBe(0);
    expect(lines).toMatchObject([{
      command: 'report',
      fields: { caseNumber: '富林罚〔2026〕118号', filedOn: parseDateWithoutYear('11月10日', today), date: parseDateWithoutYear('11月11日', today) },
      problems: [],
      hint: null,
    }]);
  });
});
