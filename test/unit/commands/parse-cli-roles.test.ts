import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `npx tsx scripts/parse.ts …` the way an operator does (`npm run parse` runs the same command). */
function runParse(args: string[], input?: string): { status: number | null; lines: unknown[]; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['tsx', 'scripts/parse.ts', ...args], { cwd: root, input, encoding: 'utf8', timeout: 80_000 });
  const lines = result.stdout.split('\n').filter((line) => line !== '' && line.startsWith('{')).map((line): unknown => JSON.parse(line));
  return { status: result.status, lines, stdout: result.stdout, stderr: result.stderr };
}

/**
 * npm run parse reads a message as the bot does, the prosecutors' commands included (round 9: 今年统计, 线索 and
 * 受理 XS-… printed "unknown", the script knowing only the staff grammar).
 */
describe('scripts/parse.ts: the prosecutors\' commands and --role', { timeout: 90_000 }, () => {
  it('reads 统计, 线索 and a lead decision as the bot does', () => {
    const { status, lines, stderr } = runParse([], '今年统计\n去年统计\n线索\n受理 XS-2026-0001\n');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(lines).toMatchObject([
      { command: 'stats', period: 'this_year' },
      { command: 'stats', period: 'last_year' },
      { command: 'leads', number: null },
      { command: 'leads', number: 'XS-2026-0001', decision: { action: 'accept' } },
    ]);
  });

  it('reads as from a prosecutor with --role prosecutor, and says on stderr when the other role reads it otherwise', () => {
    const staff = runParse(['14号 验收通过']);
    expect(staff.status).toBe(0);
    expect(staff.lines).toMatchObject([{ command: 'progress', ref: '14号' }]);
    expect(staff.stderr).toMatch(/^note: from a prosecutor the bot reads it as \{"command":"review","action":"accept","ref":"14号".*\(--role prosecutor\)\n$/);
    const prosecutor = runParse(['--role', 'prosecutor', '14号 验收通过']);
    expect(prosecutor.lines).toMatchObject([{ command: 'review', action: 'accept', ref: '14号' }]);
    expect(prosecutor.stderr).toContain('note: from agency staff the bot reads it as {"command":"progress"');
  });

  it('prints its usage for --help, refuses an unknown option or role, and reads a message starting with "-" as text', () => {
    const help = runParse(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run parse -- \[--role staff\|prosecutor\] "<text>"/);
    expect(runParse(['--rol', 'prosecutor', '受理'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: unknown option --rol\n/) });
    expect(runParse(['--role', 'boss', '受理'])).toMatchObject({ status: 2, stderr: 'error: --role must be staff or prosecutor (got "boss")\n' });
    expect(runParse(['-5%']).lines).toMatchObject([{ command: 'progress', text: '-5%' }]);
  });
});
