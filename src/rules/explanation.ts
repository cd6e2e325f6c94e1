import { readFact } from './condition.js';
import { FACT_FIELDS, FACT_ROOTS, type Facts, type FactRoot } from './types.js';

/** What a placeholder whose value is not recorded reads as. */
export const MISSING_TEXT = '（未记录）';

/** `{case.fineYuan}`, `{daysOverdue}`, `{params.days}` in an explanation template. */
const PLACEHOLDER = /\{([^{}]+)\}/g;

/** The placeholders of a template, in order, without braces. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/**
 * Where a placeholder points: `params.x` → a param; `case.x`, `recommendation.x`, `derived.x` → a fact; a bare
 * name (`daysOverdue`) → a derived fact, so templates stay short. Undefined when it points nowhere known.
 */
export function placeholderTarget(name: string): { kind: 'param'; key: string } | { kind: 'fact'; path: string } | undefined {
  const [root, ...rest] = name.split('.');
  if (root === 'params' && rest.length === 1 && rest[0]) return { kind: 'param', key: rest[0] };
  const path = rest.length === 0 ? `derived.${name}` : name;
  return isKnownFact(path) ? { kind: 'fact', path } : undefined;
}

/** Whether a path names a field the facts can hold, e.g. `case.finePaid`. */
export function isKnownFact(path: string): boolean {
  const [root, field, ...more] = path.split('.');
  if (more.length > 0 || !field || !(FACT_ROOTS as readonly string[]).includes(root ?? '')) return false;
  // `root` was checked against FACT_ROOTS just above; the field list is widened to compare any string.
  return (FACT_FIELDS[root as FactRoot] as readonly string[]).includes(field);
}

/** A value as a prosecutor reads it inside a sentence: 6666.67, 是/否, a list joined with 、, （未记录） when absent. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return MISSING_TEXT;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map(formatValue).join('、');
  return String(value);
}

/** The template with every placeholder replaced by its value. */
export function fillExplanation(template: string, facts: Facts, params: Readonly<Record<string, number>>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const target = placeholderTarget(name);
    if (!target) return MISSING_TEXT;
    return formatValue(target.kind === 'param' ? params[target.key] : readFact(facts, target.path));
  });
}
