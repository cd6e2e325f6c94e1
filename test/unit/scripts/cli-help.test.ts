import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `npx tsx scripts/<script>.ts …` as `npm run <script> -- …` does. */
function run(script: string, args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['tsx', `scripts/${script}.ts`, ...args], { cwd: root, input, encoding: 'utf8', timeout: 80_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each case starts a tsx process: slow on a loaded machine.
describe('the operator scripts\' --help and wrong options (round 9)', { timeout: 90_000 }, () => {
  it('npm run simulate -- --help prints how to use it and exits 0, without a running demo', () => {
    const { status, stdout, stderr } = run('simulate', ['--help']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^usage: npm run simulate -- --user <userid> "<text>"/);
    for (const option of ['--image <file>', '--event <name>', '--key <EventKey>', '--task <TaskId>', '--session <file>', '--wait <ms>']) expect(stdout).toContain(option);
  });

  it('npm run simulate with an unknown option says which, with the usage, and no stack trace', () => {
    const { status, stdout, stderr } = run('simulate', ['--date', '2027-02-05', '--user', 'zhangsan', '帮助']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: Unknown option '--date'/);
    expect(stderr).toContain('usage: npm run simulate');
    expect(stderr).not.toMatch(/\n\s+at |ERR_PARSE_ARGS/);
  });

  it('npm run deadline -- --help explains the arguments and exits 0; an unknown option is refused with it', () => {
    const help = run('deadline', ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run deadline -- <start date> <period>/);
    expect(help.stdout).toContain('2m, 2个月 or 两个月');
    const wrong = run('deadline', ['--year', '2027']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^error: unknown option --year\n\nusage: npm run deadline/);
  });
});
