/**
 * One special campaign (专项) however it was typed: quotes and spaces are no part of its name (两山清理, “两山”清理,
 * 两山 清理), nor is the word 专项 after it (水源地保护专项, 水源地保护专项行动 are 水源地保护), so the statistics by
 * campaign do not split one campaign over its spellings.
 */
export function normalizeCampaign(text: string): string {
  const bare = text.replace(/[“”"‘’'「」『』\s\u3000]+/g, '').trim();
  return bare.replace(/专项(?:行动|活动|整治|工作|检查)?$/, '') || bare;
}
