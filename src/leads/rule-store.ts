import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { projectRoot } from '../embedded/project-root.js';
import { audit } from '../models/audit.js';
import { validateRuleSet, type RuleSet } from '../rules/index.js';

/** A rule-set change an operator asked for that cannot be made. */
export class RuleChangeError extends Error {}

interface StoredRuleSet extends RuleSet {
  _id: string;
  changedAt: Date;
  changedBy: string;
  change: string;
}

const current = 'current';

function collection(mongo: Connection) {
  return mongo.collection<StoredRuleSet>('rulesets');
}

/** The seed rule file shipped with the code (rules/seed-rules.json), validated. */
export function seedRuleSet(): RuleSet {
  const result = validateRuleSet(JSON.parse(readFileSync(join(projectRoot(), 'rules', 'seed-rules.json'), 'utf8')));
  if (!result.ok) throw new Error(`rules/seed-rules.json is invalid: ${result.errors.join('; ')}`);
  return result.ruleSet;
}

/** The rule set in force: the stored one, or the seed stored on first use. */
export async function currentRuleSet(mongo: Connection): Promise<RuleSet> {
  const stored = await collection(mongo).findOne({ _id: current });
  if (stored) return { version: stored.version, rules: stored.rules };
  const seed = seedRuleSet();
  // Two workers may race here; the first insert wins and the other reads it back.
  await collection(mongo).updateOne({ _id: current }, { $setOnInsert: { ...seed, changedAt: new Date(), changedBy: 'seed', change: 'seed' } }, { upsert: true });
  const again = await collection(mongo).findOne({ _id: current });
  return { version: again!.version, rules: again!.rules };
}

/**
 * The rule set of a given version, for a lead raised under it: the one in force, or an archived one (each change
 * archives the set it replaces as `v<version>`); undefined when neither is stored.
 */
export async function ruleSetVersion(mongo: Connection, version: number, inForce?: RuleSet): Promise<RuleSet | undefined> {
  const current = inForce ?? (await currentRuleSet(mongo));
  if (current.version === version) return current;
  const archived = await collection(mongo).findOne({ _id: `v${version}` });
  return archived ? { version: archived.version, rules: archived.rules } : undefined;
}

/**
 * Changes one rule (switch it on or off, or set a threshold) without a deploy: the whole set gets a new
 * version, the previous version is kept, and the change is audited. Existing leads keep the version that made them.
 */
export async function changeRule(mongo: Connection, ruleId: string, change: { enabled?: boolean; params?: Record<string, number> }, by: string, now: Date): Promise<RuleSet> {
  const set = await currentRuleSet(mongo);
  const rule = set.rules.find((r) => r.id === ruleId);
  if (!rule) throw new RuleChangeError(`no rule "${ruleId}" (known: ${set.rules.map((r) => r.id).join(', ')})`);
  if (change.enabled === undefined && Object.keys(change.params ?? {}).length === 0) throw new RuleChangeError(`nothing to change in rule ${ruleId}: give enabled or a threshold`);
  for (const name of Object.keys(change.params ?? {})) {
    if (!Object.hasOwn(rule.params, name)) throw new RuleChangeError(`rule ${ruleId} has no threshold "${name}" (it has: ${Object.keys(rule.params).join(', ') || 'none'})`);
  }
  const next: RuleSet = {
    version: set.version + 1,
    rules: set.rules.map((r) => (r.id === ruleId ? { ...r, enabled: change.enabled ?? r.enabled, params: { ...r.params, ...change.params } } : r)),
  };
  const description = `${ruleId}: ${change.enabled === undefined ? '' : change.enabled ? 'on ' : 'off '}${JSON.stringify(change.params ?? {})}`;
  await install(mongo, set, next, { by, now, description, action: 'rules.change', target: ruleId });
  return next;
}

/**
 * Puts the rules of the seed file (rules/seed-rules.json) in force over a stored set: the rule set in force is
 * stored once, so a corrected rule (its condition, its wording) reaches an existing database only this way. Each
 * rule keeps the switch and thresholds operators set; the set gets a new version and the previous one is kept.
 */
export async function reseedRules(mongo: Connection, by: string, now: Date): Promise<RuleSet> {
  const set = await currentRuleSet(mongo);
  const rules = seedRuleSet().rules.map((rule) => {
    const kept = set.rules.find((r) => r.id === rule.id);
    if (!kept) return rule;
    const params = Object.fromEntries(Object.entries(rule.params).map(([name, value]) => [name, Object.hasOwn(kept.params, name) ? kept.params[name]! : value]));
    return { ...rule, enabled: kept.enabled, params };
  });
  const next: RuleSet = { version: set.version + 1, rules };
  await install(mongo, set, next, { by, now, description: `seed: ${rules.map((r) => r.id).join(', ')}`, action: 'rules.reseed', target: 'seed' });
  return next;
}

/** Archives the set in force and puts `next` in its place, unless another change came first; audited. */
async function install(mongo: Connection, set: RuleSet, next: RuleSet, change: { by: string; now: Date; description: string; action: string; target: string }): Promise<void> {
  const checked = validateRuleSet(next);
  if (!checked.ok) throw new RuleChangeError(checked.errors.join('; '));
  const { by, now, description } = change;
  await collection(mongo).insertOne({ ...set, _id: `v${set.version}`, changedAt: now, changedBy: by, change: 'archived' });
  const updated = await collection(mongo).updateOne({ _id: current, version: set.version }, { $set: { ...next, changedAt: now, changedBy: by, change: description } });
  if (updated.modifiedCount !== 1) throw new RuleChangeError('the rule set changed meanwhile; try again');
  await audit(mongo, { at: now, actor: by, action: change.action, target: { kind: 'rule', id: change.target }, sourceId: `rules:v${next.version}`, outcome: 'ok', detail: { change: description } });
}
