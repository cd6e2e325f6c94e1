import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/admin/cli-args.js';
import { adminCommands } from '../../../src/admin/cli-commands.js';
import { checkStaffInput } from '../../../src/admin/registry.js';

const prepare = (...argv: string[]) => {
  const request = parseCli(argv, adminCommands, { now: new Date('2026-11-30T01:00:00+08:00'), today: '2026-11-30', timeZone: 'Asia/Shanghai', user: 'ops' });
  if (request.help) throw new Error('expected a command');
  return request.command.prepare(request.input);
};

describe('a userid meaning everyone in WeCom (round 9, finding m4)', () => {
  it('refuses to bind all or @all, in any case, saying why', () => {
    for (const userid of ['all', '@all', 'All']) {
      expect(() => prepare('bind', userid, '--name', '全体', '--role', 'staff', '--agency', 'linye')).toThrow(`userid "${userid}" means everyone in WeCom`);
      expect(() => checkStaffInput({ userid, name: '全体', role: 'prosecutor' })).toThrow(/means everyone/);
    }
  });

  it('binds userids that only contain the word, and still lets a bound all be unbound', () => {
    expect(() => checkStaffInput({ userid: 'allen', name: '艾伦', role: 'prosecutor' })).not.toThrow();
    expect(() => checkStaffInput({ userid: 'wang.all', name: '王', role: 'prosecutor' })).not.toThrow();
    expect(() => prepare('unbind', 'all')).not.toThrow();
  });
});
