import { createHash } from 'node:crypto';
import type { RecommendationRecord } from '../models/recommendation.js';
import type { TemplateCard } from '../wecom/outbound-message.js';

/** Button keys of a selection card start with this, followed by the recommendation id. */
export const pickPrefix = 'pick:';

/** A task id for a card, unique per message and ≤ 128 bytes of WeCom's allowed characters. */
export function cardTaskId(kind: string, sourceId: string): string {
  return `${kind}-${createHash('sha256').update(sourceId).digest('hex').slice(0, 24)}`;
}

/** A card asking which recommendation a message meant: one button per candidate (at most 6). */
export function recommendationChoiceCard(taskId: string, question: string, candidates: RecommendationRecord[]): TemplateCard {
  const shown = candidates.slice(0, 6);
  return {
    card_type: 'button_interaction',
    main_title: { title: '请选择检察建议', desc: question },
    horizontal_content_list: shown.map((r, i) => ({ keyname: `${i + 1}`, value: `${r.ref} ${r.title}`.slice(0, 60) })),
    task_id: taskId,
    button_list: shown.map((r, i) => ({ text: `${i + 1}. ${r.ref.replace(/^.*?(\[\d{4}\])/, '$1')}`.slice(0, 20), style: 1, key: `${pickPrefix}${r._id}` })),
  };
}
