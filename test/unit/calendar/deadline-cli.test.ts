import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function runCli(args: string[], input = '', env: Record<string, string> = {}): { lines: string[]; status: number | null; stderr: string } {
  const result = spawnSync('npx', ['tsx', 'scripts/deadline.ts', ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, TZ: 'America/Los_Angeles', ...env } });
  return { lines: result.stdout.trim().split('\n'), status: result.status, stderr: result.stderr };
}

describe('scripts/deadline.ts', () => {
  // TZ west of UTC on purpose: the chinese-days functions answer the wrong day there, our calendar must not.
  it('prints the due date first and how it was reached for arguments', () => {
    expect(runCli(['2026-09-22', '15d'])).toMatchObject({
      lines: ['2026-10-08 — 15 days from 2026-09-22 end on 2026-10-07, a National Day holiday; next working day'],
      status: 0,
    });
  });

  it('answers stdin lines one each, reports a bad line without stopping, and exits 1', () => {
    const { lines, status } = runCli([], '2026-09-25 15d\n2026-02-01 15天\n2026-13-01 2m\n\n2031-09-16 15d\n');
    expect(lines).toEqual([
      '2026-10-10 — 15 days from 2026-09-25 end on 2026-10-10, a make-up working day for National Day',
      '2026-02-24 — 15 days from 2026-02-01 end on 2026-02-16, a Spring Festival holiday; next working day',
      'error: start date must be a real date written YYYY-MM-DD (got "2026-13-01")',
      "2031-10-06 — 15 days from 2031-09-16 end on 2031-10-01, National Day (a statutory holiday; the year's schedule is not recorded yet); next working day (warning: no holiday calendar covers 2031; weekends and fixed-date holidays only)",
    ]);
    expect(status).toBe(1);
  });

  it('exits 0 when every stdin line is good and refuses a wrong argument count', () => {
    expect(runCli([], '2024-01-31 1m\n').status).toBe(0);
    expect(runCli(['2026-09-22'])).toMatchObject({ lines: ['error: expected "<start date> <period>", e.g. "2026-09-22 15d" (got "2026-09-22")'], status: 1 });
  });

  it('uses the bot\'s overrides file, and its last good copy when a restart finds the file broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deadline-cli-'));
    const file = join(dir, 'overrides.json');
    const schedule = Array.from({ length: 13 }, (_, i) => ({ date: `2031-10-${String(i + 1).padStart(2, '0')}`, working: false, name: '国庆节' }));
    writeFileSync(file, JSON.stringify({ overrides: schedule }));
    const good = runCli(['2031-09-16', '15d'], '', { CALENDAR_OVERRIDES_FILE: file });
    expect(good.lines[0]).toMatch(/^2031-10-14 — .*国庆节/);
    // A hand edit leaves a trailing comma; a fresh process (a restart) keeps to the last good overrides.
    writeFileSync(file, `${JSON.stringify({ overrides: schedule }).slice(0, -2)},]}`);
    const broken = runCli(['2031-09-16', '15d'], '', { CALENDAR_OVERRIDES_FILE: file });
    expect(broken.lines[0]).toBe(good.lines[0]);
    expect(broken.stderr).toContain('calendar overrides file refused');
  });
});

