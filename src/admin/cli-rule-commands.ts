import { reclassifyLeads } from '../leads/reclassify-leads.js';
import { changeRule, checkThreshold, currentRuleSet, reseedRules } from '../leads/rule-store.js';
import type { AdminCommand } from './cli-args.js';
import { AdminInputError } from './registry.js';

/** `rules enable <id>` or `rules disable <id>`; switching a rule to what it is makes no new version. */
function switching(enabled: boolean): AdminCommand {
  const verb = enabled ? 'enable' : 'disable';
  return {
    name: `rules ${verb}`, usage: '<rule id>', args: ['rule id'],
    prepare: ({ args: [id], by, now }) => async (mongo, out) => {
      const set = await changeRule(mongo, id!, { enabled }, by, now);
      out.print(set.changed ? `rule ${id} ${verb}d; rule set version ${set.version}` : `rule ${id} unchanged (already ${verb}d); rule set version ${set.version}`);
    },
  };
}

/**
 * `days=60` as a threshold; a value that is not written as a plain number (60d, 0x10, 1e2, .5, empty) is refused,
 * so what the operator typed is what is stored (checkThreshold then keeps days and counts whole).
 */
function thresholdPair(pair: string): [string, number] {
  const match = /^([A-Za-z][A-Za-z0-9]*)=(-?\d+(?:\.\d+)?)$/.exec(pair);
  if (!match) throw new AdminInputError(`"${pair}" must be <param>=<number> written plainly, e.g. days=60 or area=2.5`);
  return [match[1]!, Number(match[2])];
}

/** The pairs as parameters; a parameter given twice is refused rather than the last one silently winning. */
function thresholdParams(pairs: string[]): Record<string, number> {
  const params: Record<string, number> = {};
  for (const [name, value] of pairs.map(thresholdPair)) {
    if (Object.hasOwn(params, name)) throw new AdminInputError(`${name} is given twice; give each parameter once`);
    params[name] = value;
  }
  return params;
}

const set: AdminCommand = {
  name: 'rules set', usage: '<rule id> <param>=<number> [...]', note: 'days and counts whole, 1-3650 days; amounts and areas above 0', args: ['rule id'], rest: true,
  prepare({ args: [id, ...pairs], by, now }) {
    if (pairs.length === 0) throw new AdminInputError('give at least one <param>=<number>, e.g. days=60');
    const params = thresholdParams(pairs);
    for (const [name, value] of Object.entries(params)) checkThreshold(id!, name, value);
    return async (mongo, out) => {
      const result = await changeRule(mongo, id!, { params }, by, now);
      out.print(`rule ${id} ${JSON.stringify(params)}${result.changed ? '' : ' unchanged (already so)'}; rule set version ${result.version}`);
    };
  },
};

const reseed: AdminCommand = {
  name: 'rules reseed', note: 'the seed rules of this release in force; switches and thresholds kept',
  // The database keeps the rule set it was first given: a release's corrected rules arrive only this way. Open
  // leads the new rules would not have raised are withdrawn when their records are next evaluated (the nightly sweep).
  // Leads of a rule whose kind changed take the new kind at once, so the statistics count them as they now are.
  prepare: ({ by, now, timeZone }) => async (mongo, out) => {
    const previous = await currentRuleSet(mongo);
    const result = await reseedRules(mongo, by, now);
    out.print(result.changed
      ? `seed rules installed; operators' switches and thresholds kept; rule set version ${result.version}`
      : `rules already as this release's seed has them: unchanged; rule set version ${result.version}`);
    if (!result.changed) return;
    const changed = await reclassifyLeads({ mongo, timeZone, now, by }, previous, result);
    const kinds = [...new Set(changed.map((lead) => lead.kind))].join(', ');
    if (changed.length) out.print(`${changed.length} leads given the kind their revised rule gives them (${kinds}): ${changed.map((lead) => lead.number).join(', ')}`);
  },
};

/** The `rules` commands: switch a rule, set its thresholds, put a release's seed rules in force. */
export const ruleCommands: AdminCommand[] = [switching(true), switching(false), set, reseed];
