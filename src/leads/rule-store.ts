import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { projectRoot } from '../embedded/project-root.js';
import { audit } from '../models/audit.js';
import { validateRuleSet, type RuleSet } from '../rules/index.js';
import { PARAM_LABELS } from '../rules/labels.js';

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
 * What a threshold may be set to, by its unit (src/rules/labels.ts): days and counts are whole numbers within
 * bounds (a rule that waits 1e9 days never fires, and 0 days fires on everything); amounts and areas are above 0.
 */
export interface ThresholdRange {
  /** Whole numbers from `min` to `max` (days, counts); otherwise any finite number above 0. */
  whole: boolean;
  min: number;
  max: number;
  /** The unit as prosecutors read it: 日, 件, 元, 亩. */
  unit: string;
  /** The threshold's Chinese name, e.g. 提示天数. */
  label: string;
}

/** Upper bounds of whole-number thresholds by unit: ten years of days, a thousand cases. */
const wholeUnits: Readonly<Record<string, number>> = { 日: 3650, 件: 1000, 次: 1000, 份: 1000 };
const unitWords: Readonly<Record<string, string>> = { 日: 'days', 件: 'cases', 次: 'times', 份: 'items', 元: 'yuan', 亩: 'mu' };
/** Upper bounds of amounts and areas: beyond them a rule never fires (1e308 亩), which no threshold is for. */
const amountUnits: Readonly<Record<string, number>> = { 元: 1e11, 亩: 1e6 };

/** The values threshold `name` may take. */
export function thresholdRange(name: string): ThresholdRange {
  const { label, unit = '' } = Object.hasOwn(PARAM_LABELS, name) ? PARAM_LABELS[name]! : { label: name };
  const max = Object.hasOwn(wholeUnits, unit) ? wholeUnits[unit]! : undefined;
  return max === undefined ? { whole: false, min: 0, max: amountUnits[unit] ?? 1e9, unit, label } : { whole: true, min: 1, max, unit, label };
}

/** Whether `value` is a sensible setting of threshold `name`: 90 days is, 0, 1.5 or 1e9 days are not. */
export function isSensibleThreshold(name: string, value: number): boolean {
  const range = thresholdRange(name);
  if (!Number.isFinite(value)) return false;
  return range.whole ? Number.isInteger(value) && value >= range.min && value <= range.max : value > 0 && value <= range.max;
}

/** Refuses a threshold value that is not sensible (RuleChangeError, in English for the CLI). */
export function checkThreshold(ruleId: string, name: string, value: number): void {
  if (isSensibleThreshold(name, value)) return;
  const range = thresholdRange(name);
  const unit = unitWords[range.unit] ?? range.unit;
  const wanted = range.whole ? `a whole number from ${range.min} to ${range.max}${unit ? ` (${unit})` : ''}` : `a number above 0 and at most ${range.max}${unit ? ` (${unit})` : ''}`;
  throw new RuleChangeError(`rule ${ruleId}: ${name} must be ${wanted}, not ${String(value)}`);
}

/** A rule set after a change, and whether anything changed (false: the rule already was so, no new version). */
export interface RuleChange extends RuleSet {
  changed: boolean;
}

/**
 * Changes one rule (switch it on or off, or set a threshold) without a deploy: the whole set gets a new
 * version, the previous version is kept, and the change is audited. Existing leads keep the version that made them.
 * A change to what the rule already has makes no version.
 */
export async function changeRule(mongo: Connection, ruleId: string, change: { enabled?: boolean; params?: Record<string, number> }, by: string, now: Date): Promise<RuleChange> {
  const set = await currentRuleSet(mongo);
  const rule = set.rules.find((r) => r.id === ruleId);
  if (!rule) throw new RuleChangeError(`no rule "${ruleId}" (known: ${set.rules.map((r) => r.id).join(', ')})`);
  if (change.enabled === undefined && Object.keys(change.params ?? {}).length === 0) throw new RuleChangeError(`nothing to change in rule ${ruleId}: give enabled or a threshold`);
  for (const [name, value] of Object.entries(change.params ?? {})) {
    if (!Object.hasOwn(rule.params, name)) throw new RuleChangeError(`rule ${ruleId} has no threshold "${name}" (it has: ${Object.keys(rule.params).join(', ') || 'none'})`);
    checkThreshold(ruleId, name, value);
  }
  const enabled = change.enabled ?? rule.enabled;
  const params = { ...rule.params, ...change.params };
  if (enabled === rule.enabled && Object.entries(params).every(([name, value]) => rule.params[name] === value)) return { ...set, changed: false };
  const next: RuleSet = { version: set.version + 1, rules: set.rules.map((r) => (r.id === ruleId ? { ...r, enabled, params } : r)) };
  const description = `${ruleId}: ${change.enabled === undefined ? '' : change.enabled ? 'on ' : 'off '}${JSON.stringify(change.params ?? {})}`;
  await install(mongo, set, next, { by, now, description, action: 'rules.change', target: ruleId });
  return { ...next, changed: true };
}

/**
 * Puts the rules of the seed file (rules/seed-rules.json) in force over a stored set: the rule set in force is
 * stored once, so a corrected rule (its condition, its wording) reaches an existing database only this way. Each
 * rule keeps the switch and thresholds operators set; the set gets a new version and the previous one is kept.
 * Rules already as the seed has them make no version (every lead raised after would name a new version of the same
 * rules).
 */
export async function reseedRules(mongo: Connection, by: string, now: Date): Promise<RuleChange> {
  const set = await currentRuleSet(mongo);
  const rules = seedRuleSet().rules.map((rule) => {
    const kept = set.rules.find((r) => r.id === rule.id);
    if (!kept) return rule;
    const params = Object.fromEntries(Object.entries(rule.params).map(([name, value]) => [name, Object.hasOwn(kept.params, name) ? kept.params[name]! : value]));
    return { ...rule, enabled: kept.enabled, params };
  });
  if (JSON.stringify(rules) === JSON.stringify(set.rules)) return { ...set, changed: false };
  const next: RuleSet = { version: set.version + 1, rules };
  await install(mongo, set, next, { by, now, description: `seed: ${rules.map((r) => r.id).join(', ')}`, action: 'rules.reseed', target: 'seed' });
  return { ...next, changed: true };
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
