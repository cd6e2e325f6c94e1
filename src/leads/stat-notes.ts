import type { RuleSet } from '../rules/types.js';
import type { PlatformStats } from './stats.js';

/**
 * What a figure cannot count, said beside it wherever it is shown (the dashboard's 统计, its export, chat's 统计).
 * 一般违法 is one of the platform's published figures (domain.md §5), so it stays; but a figure counts the leads the
 * rules raise, and while no rule in force raises 一般违法 it reads 0 in every period, which would look like none found.
 */
export function statNotes(ruleSet: RuleSet): Partial<Record<keyof PlatformStats, string>> {
  // Typed as plain strings: the rule file's kinds do not include general_violation today, which is the point.
  const raised: string[] = ruleSet.rules.filter((rule) => rule.enabled).flatMap((rule) => [rule.kind, ...(rule.escalate ? [rule.escalate.kind] : [])]);
  return raised.includes('general_violation') ? {} : { generalViolations: '本平台暂无自动发现一般违法的规则' };
}
