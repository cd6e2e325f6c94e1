import type { RecommendationRecord } from '../models/recommendation.js';

/**
 * Whether a recommendation is the one described by `topic` (查询 恢复林地 → 督促恢复被非法占用林地): each word of
 * the topic appears in the title in order, characters apart allowed, or as it stands in the requirements.
 * Staff remember a recommendation by its subject more often than by its number.
 */
export function isAboutTopic(rec: Pick<RecommendationRecord, 'title' | 'requirements'>, topic: string): boolean {
  const words = topic.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((word) => inOrder(rec.title ?? '', word) || (rec.requirements ?? '').includes(word));
}

function inOrder(text: string, word: string): boolean {
  let from = 0;
  for (const char of word) {
    const at = text.indexOf(char, from);
    if (at < 0) return false;
    from = at + char.length;
  }
  return true;
}
