import { createHash } from 'node:crypto';
import type { RecommendationRecord } from '../models/recommendation.js';
import type { TemplateCard } from '../wecom/outbound-message.js';
import { shortenText } from '../wecom/split-text.js';

/** Button keys of a selection card start with this, followed by the recommendation id. */
export const pickPrefix = 'pick:';

/** A task id for a card, unique per message and ≤ 128 bytes of WeCom's allowed characters. */
export function cardTaskId(kind: string, sourceId: string): string {
  return `${kind}-${createHash('sha256').update(sourceId).digest('hex').slice(0, 24)}`;
}

/**
 * How many characters WeCom shows of each field of this card, as the official SDK's types recommend
 * (@wecom/aibot-node-sdk TemplateCard: sub_title_text 112, a row's value 26). A button's text is recommended 10; ours
 * (1. [2021]14号, 12) is allowed 20 rather than cut inside the number that tells two candidates apart.
 */
const cardLimits = { question: 112, value: 26, button: 20 };

/**
 * A card asking which recommendation a message meant: one row and one button per candidate (at most 6). The question
 * quotes what was typed (「14号」对应多份…) and is longer than the 30 characters of the title's line, so it goes in
 * the card's text. Every cut is between characters (shortenText): half an emoji may get the whole card refused.
 */
export function recommendationChoiceCard(taskId: string, question: string, candidates: RecommendationRecord[]): TemplateCard {
  const shown = candidates.slice(0, 6);
  return {
    card_type: 'button_interaction',
    main_title: { title: '请选择检察建议' },
    sub_title_text: shortenText(question, cardLimits.question),
    horizontal_content_list: shown.map((r, i) => ({ keyname: `${i + 1}`, value: shortenText(`${r.ref} ${r.title}`, cardLimits.value) })),
    task_id: taskId,
    button_list: shown.map((r, i) => ({ text: shortenText(`${i + 1}. ${r.ref.replace(/^.*?(\[\d{4}\])/, '$1')}`, cardLimits.button), style: 1, key: `${pickPrefix}${r._id}` })),
  };
}
