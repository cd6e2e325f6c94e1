import { describe, expect, it } from 'vitest';
import { parseCli, usageText, type CliRequest } from '../../../src/admin/cli-args.js';
import { adminCommands } from '../../../src/admin/cli-commands.js';

const now = new Date('2026-11-30T01:00:00+08:00');
const parse = (...argv: string[]) => parseCli(argv, adminCommands, { now, today: '2026-11-30', timeZone: 'Asia/Shanghai', user: 'ops' });
/** The command's own checks too, as the CLI runs them before connecting. */
const prepare = (...argv: string[]) => {
  const request = parse(...argv);
  if (request.help) throw new Error('expected a command');
  return request.command.prepare(request.input);
};
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error?.constructor.name).toBe('AdminInputError');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};
const rec = ['recommendation', 'add', '--ref', '富检行公建〔2021〕14号', '--agency', 'linye', '--title', 't', '--requirements', 'r'];

describe('parseCli', () => {
  it('answers help, --help and -h with the usage asked for, and nothing at all with the usage not asked for', () => {
    expect(parse('help')).toEqual<CliRequest>({ help: true, asked: true });
    expect(parse('--help')).toEqual<CliRequest>({ help: true, asked: true });
    expect(parse('bind', '-h')).toEqual<CliRequest>({ help: true, asked: true });
    expect(parse()).toEqual<CliRequest>({ help: true, asked: false });
  });

  it('lists every command in the usage with its options', () => {
    const usage = usageText(adminCommands);
    for (const command of adminCommands) expect(usage).toContain(`  ${command.name}`);
    expect(usage).toContain('agency add <id> --name <名称> [--domains a,b]');
    expect(usage).toContain('recommendation receive --ref <文号> [--received YYYY-MM-DD] [--urgent | --not-urgent]   (recomputes the due date)');
  });

  it('names an unknown option in one line and points at help', () => {
    expect(refusal(() => parse('agency', 'add', 'linye', '--nmae', '林业局'))).toBe('unknown option --nmae (see npm run admin -- help)');
    expect(refusal(() => parse('list', 'staff', '-x'))).toBe('unknown option -x (see npm run admin -- help)');
  });

  it('refuses an unknown command, a missing or extra argument and an option of another command', () => {
    expect(refusal(() => parse('frob'))).toBe('unknown command "frob" (see npm run admin -- help)');
    expect(refusal(() => parse('rules', 'frob'))).toBe('unknown command "rules frob"; rules takes enable, disable, set, reseed');
    expect(refusal(() => parse('unbind'))).toBe('unbind needs <userid>');
    expect(refusal(() => parse('unbind', 'a', 'b'))).toBe('unexpected argument "b" after unbind');
    expect(refusal(() => parse('bind', 'lisi', '--name', '李四', '--role', 'staff', '--ref', 'x'))).toBe('--ref does not apply to bind');
    expect(refusal(() => parse('bind', 'lisi', '--name'))).toMatch(/^Option '--name <value>' argument missing/);
  });

  it('records the change as made by --by, else $USER', () => {
    const request = parse('list', 'staff', '--by', 'zhou');
    expect(request.help === false && request.input.by).toBe('zhou');
    const unnamed = parse('list', 'staff');
    expect(unnamed.help === false && unnamed.input.by).toBe('ops');
  });
});

describe('admin command checks before the database', () => {
  it('refuses dates that do not exist, naming the option', () => {
    expect(refusal(() => prepare(...rec, '--issued', '2026-13-45'))).toBe('--issued must be a real date YYYY-MM-DD');
    expect(refusal(() => prepare(...rec, '--issued', '2026-01-29', '--received', '2026-02-30'))).toBe('--received must be a real date YYYY-MM-DD');
    expect(refusal(() => prepare('recommendation', 'receive', '--ref', '富检行公建〔2021〕14号', '--received', '2026-2-3'))).toBe('--received must be a real date YYYY-MM-DD');
  });

  it('refuses receipt before issue and dates after today', () => {
    expect(refusal(() => prepare(...rec, '--issued', '2026-01-29', '--received', '2026-01-28'))).toBe('--received 2026-01-28 is before --issued 2026-01-29');
    expect(refusal(() => prepare(...rec, '--issued', '2026-12-01'))).toBe('--issued 2026-12-01 is in the future (today is 2026-11-30)');
    expect(() => prepare(...rec, '--issued', '2026-11-30', '--received', '2026-11-30')).not.toThrow();
  });

  it('refuses --urgent with --not-urgent', () => {
    expect(refusal(() => prepare('recommendation', 'receive', '--ref', '富检行公建〔2021〕14号', '--urgent', '--not-urgent'))).toBe('give --urgent or --not-urgent, not both');
  });

  it('refuses a userid the admin API would refuse, in bind, unbind and --prosecutors', () => {
    expect(refusal(() => prepare('bind', '张三', '--name', '张三', '--role', 'prosecutor'))).toMatch(/^userid "张三" must be 1-64 letters, digits/);
    expect(refusal(() => prepare('unbind', 'a b'))).toMatch(/^userid "a b" must be/);
    expect(refusal(() => prepare('agency', 'add', 'linye', '--name', '林业局', '--prosecutors', 'wangjc,王'))).toMatch(/^prosecutor "王" must be/);
    expect(refusal(() => prepare('bind', 'lisi', '--name', '李四', '--role', 'boss'))).toBe('role must be one of staff, agency_admin, prosecutor, admin');
  });

  it('refuses agency settings that are not whole numbers in range', () => {
    expect(refusal(() => prepare('agency', 'add', 'linye', '--name', '林业局', '--digest-hour', 'nine'))).toBe('--digest-hour must be a whole number (got "nine")');
    expect(refusal(() => prepare('agency', 'add', 'linye', '--name', '林业局', '--due-soon-days', '0'))).toBe('--due-soon-days must be whole days 1-60');
    expect(refusal(() => prepare('agency', 'add', 'linye', '--name', '林业局', '--reminder-days', '7,x'))).toBe('--reminder-days must be a whole number (got "x")');
  });

  it('refuses thresholds that are not sensible numbers', () => {
    const refusedRule = (...pairs: string[]) => {
      try {
        prepare('rules', 'set', 'R01-fine-unpaid', ...pairs);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusedRule('days=1000000000')).toBe('rule R01-fine-unpaid: days must be a whole number from 1 to 3650 (days), not 1000000000');
    // An exponent or a repeated parameter was taken silently (1e2 as 100 days; the last of two days= values).
    expect(refusedRule('days=1e2')).toBe('"days=1e2" must be <param>=<number> written plainly, e.g. days=60 or area=2.5');
    expect(refusedRule('days=.5')).toBe('"days=.5" must be <param>=<number> written plainly, e.g. days=60 or area=2.5');
    expect(refusedRule('days=1', 'days=5')).toBe('days is given twice; give each parameter once');
    expect(refusedRule('days=0')).toMatch(/not 0$/);
    expect(refusedRule('days=1.5')).toMatch(/not 1.5$/);
    expect(refusedRule('days=')).toBe('"days=" must be <param>=<number> written plainly, e.g. days=60 or area=2.5');
    expect(refusedRule('days=0x10')).toBe('"days=0x10" must be <param>=<number> written plainly, e.g. days=60 or area=2.5');
    expect(refusedRule()).toBe('give at least one <param>=<number>, e.g. days=60');
    expect(refusedRule('days=3650')).toBe('accepted');
  });
});
