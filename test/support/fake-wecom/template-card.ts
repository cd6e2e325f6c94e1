import { asRecord, byteLength, nonEmptyString } from './context.js';

/** Card types of the self-built app API; group robots take only the two notice cards. */
const appCardTypes = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'];
const robotCardTypes = ['text_notice', 'news_notice'];
/** Cards the user answers: WeCom requires a task_id and returns a response_code for them. */
export const interactiveCardTypes = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);

const taskIdPattern = /^[A-Za-z0-9_\-@]+$/;

/**
 * Why WeCom would refuse this template card (answered as errcode 40058 with the reason), or undefined.
 * Follows the field rules of WeCom's template card pages: card_type, main_title, task_id (≤128 bytes of
 * letters, digits, `_-@`), ≤6 buttons each with text and key, card_action for notice cards, and so on.
 */
export function templateCardProblem(value: unknown, channel: 'app' | 'robot'): string | undefined {
  const card = asRecord(value);
  if (!card) return 'template_card must be an object';
  const cardType = card.card_type;
  const allowed = channel === 'app' ? appCardTypes : robotCardTypes;
  if (typeof cardType !== 'string' || !allowed.includes(cardType)) return `template_card.card_type invalid: ${String(cardType)}`;
  return (
    mainTitleProblem(card, cardType) ??
    taskIdProblem(card, cardType) ??
    listLimitProblem(card) ??
    cardActionProblem(card, cardType) ??
    interactionProblem(card, cardType)
  );
}

function mainTitleProblem(card: Record<string, unknown>, cardType: string): string | undefined {
  const mainTitle = asRecord(card.main_title);
  if (!mainTitle) return 'template_card.main_title missing';
  // A text notice may carry its text in sub_title_text instead of the title.
  if (nonEmptyString(mainTitle.title) || (cardType === 'text_notice' && nonEmptyString(card.sub_title_text))) return undefined;
  return 'template_card.main_title.title missing';
}

function taskIdProblem(card: Record<string, unknown>, cardType: string): string | undefined {
  const taskId = card.task_id;
  if (taskId === undefined) {
    if (interactiveCardTypes.has(cardType) || card.action_menu !== undefined) return 'template_card.task_id missing';
    return undefined;
  }
  if (typeof taskId !== 'string' || taskId.length === 0) return 'template_card.task_id invalid';
  if (byteLength(taskId) > 128) return 'template_card.task_id exceed max length 128';
  if (!taskIdPattern.test(taskId)) return 'template_card.task_id may only contain letters, digits and _-@';
  return undefined;
}

function listLimitProblem(card: Record<string, unknown>): string | undefined {
  const horizontal = card.horizontal_content_list;
  if (horizontal !== undefined) {
    if (!Array.isArray(horizontal) || horizontal.length > 6) return 'template_card.horizontal_content_list at most 6 items';
    if (horizontal.some((item) => !nonEmptyString(asRecord(item)?.keyname))) return 'template_card.horizontal_content_list.keyname missing';
  }
  const jumps = card.jump_list;
  if (jumps !== undefined && (!Array.isArray(jumps) || jumps.length > 3)) return 'template_card.jump_list at most 3 items';
  return undefined;
}

function cardActionProblem(card: Record<string, unknown>, cardType: string): string | undefined {
  if (cardType !== 'text_notice' && cardType !== 'news_notice') return undefined;
  const action = asRecord(card.card_action);
  if (!action) return 'template_card.card_action missing';
  if (action.type === 1) return nonEmptyString(action.url) ? undefined : 'template_card.card_action.url missing';
  if (action.type === 2) return nonEmptyString(action.appid) ? undefined : 'template_card.card_action.appid missing';
  return 'template_card.card_action.type must be 1 or 2';
}

function interactionProblem(card: Record<string, unknown>, cardType: string): string | undefined {
  if (cardType === 'button_interaction') return buttonsProblem(card.button_list);
  if (cardType === 'vote_interaction') {
    const checkbox = asRecord(card.checkbox);
    if (!checkbox || !nonEmptyString(checkbox.question_key)) return 'template_card.checkbox.question_key missing';
    if (!optionsValid(checkbox.option_list, 20)) return 'template_card.checkbox.option_list must have 1 to 20 options';
    return submitProblem(card);
  }
  if (cardType === 'multiple_interaction') {
    const selects = card.select_list;
    if (!Array.isArray(selects) || selects.length < 1 || selects.length > 3) return 'template_card.select_list must have 1 to 3 items';
    const bad = selects.some((item) => !nonEmptyString(asRecord(item)?.question_key) || !optionsValid(asRecord(item)?.option_list, 10));
    return bad ? 'template_card.select_list item invalid' : submitProblem(card);
  }
  return undefined;
}

function buttonsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length < 1) return 'template_card.button_list missing';
  if (value.length > 6) return 'template_card.button_list at most 6 buttons';
  const keys = new Set<string>();
  for (const item of value) {
    const button = asRecord(item);
    if (!button || !nonEmptyString(button.text)) return 'template_card.button_list.text missing';
    // type 1 buttons open a URL; every other button reports its key in template_card_event.
    if (button.type === 1) {
      if (!nonEmptyString(button.url)) return 'template_card.button_list.url missing';
      continue;
    }
    const key = nonEmptyString(button.key);
    if (!key) return 'template_card.button_list.key missing';
    if (byteLength(key) > 1024) return 'template_card.button_list.key exceed max length 1024';
    if (keys.has(key)) return `template_card.button_list.key duplicated: ${key}`;
    keys.add(key);
  }
  return undefined;
}

function optionsValid(value: unknown, max: number): boolean {
  if (!Array.isArray(value) || value.length < 1 || value.length > max) return false;
  return value.every((option) => nonEmptyString(asRecord(option)?.id) && nonEmptyString(asRecord(option)?.text));
}

function submitProblem(card: Record<string, unknown>): string | undefined {
  const submit = asRecord(card.submit_button);
  return submit && nonEmptyString(submit.text) && nonEmptyString(submit.key) ? undefined : 'template_card.submit_button missing';
}
