import { normalizeCampaign } from '../commands/campaign.js';
import { parseDomain } from '../import/cell-values.js';

export { normalizeCampaign } from '../commands/campaign.js';

/**
 * A case's domain and campaign as chat and spreadsheets record them (林业 → 生态环境和资源保护), so the statistics
 * do not split one domain over the spellings an API client sends. Only the given fields; null (clear) stays.
 */
export function normalizeNames<T extends { domain?: string | null; campaign?: string | null }>(input: T): T {
  const out = { ...input };
  if (typeof input.domain === 'string') out.domain = parseDomain(input.domain);
  if (typeof input.campaign === 'string') out.campaign = normalizeCampaign(input.campaign);
  return out;
}
