import { normalizeCampaign } from '../commands/campaign.js';
import { oneLine, withoutInvisible } from '../commands/normalize-text.js';
import { cleanCaseNumber, parseDomain } from '../import/cell-values.js';

export { normalizeCampaign } from '../commands/campaign.js';

/** Case fields that hold one line: a line break in them would start a line of its own in every card and list. */
const ONE_LINE_FIELDS = new Set(['party', 'domain', 'campaign']);

/**
 * A case's fields from an API client as chat and spreadsheets record them: no invisible characters (LRM, bidi
 * overrides, soft hyphens …, which chat and the import drop), the case number half-width without spaces and with
 * lookalikes folded (cleanCaseNumber), one-line fields (当事人 …) on one line, and the domain and campaign by their
 * one spelling (林业 → 生态环境和资源保护), so the statistics do not split one domain over the spellings a client sends.
 * Only the given fields; null (clear) stays.
 */
export function normalizeNames<T extends Record<string, unknown> & { domain?: string | null; campaign?: string | null }>(input: T): T {
  const out: Record<string, unknown> = { ...input };
  for (const [key, value] of Object.entries(input)) {
    if (typeof value !== 'string') continue;
    const visible = withoutInvisible(value);
    out[key] = key === 'caseNumber' ? cleanCaseNumber(visible) : ONE_LINE_FIELDS.has(key) ? oneLine(visible) : visible.trim();
  }
  if (typeof out.domain === 'string') out.domain = parseDomain(out.domain);
  if (typeof out.campaign === 'string') out.campaign = normalizeCampaign(out.campaign);
  // Built field by field from T's own entries, so it is still a T.
  return out as T;
}
