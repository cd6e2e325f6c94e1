import { expect } from 'vitest';
import { newMsgId, type BotHarness } from './bot-harness.js';

/** The content of a text app message, or the whole message as JSON when it is another kind (a card). */
export function textOf(message: Record<string, unknown>): string {
  const text = message.text as { content?: string } | undefined; // cast: the fake records bodies as sent, untyped
  return text?.content ?? JSON.stringify(message);
}

/**
 * Sends `content` from `from` as WeCom would (under `msgId`, to deliver one message again) and returns what the bot
 * answered that user, one message a line. Waits for the first answer, then a moment for any that follow it.
 */
export async function say(h: BotHarness, from: string, content: string, msgId?: string): Promise<string> {
  const before = h.fake.appMessages().length;
  const answers = () => h.fake.appMessages().slice(before).filter((m) => m.touser === from).map(textOf);
  expect((await h.sendText(from, content, msgId)).status).toBe(200);
  await h.fake.waitFor(() => answers().length > 0 || undefined, 10_000);
  await new Promise((r) => setTimeout(r, 150));
  return answers().join('\n');
}

/**
 * Sends `text` from `from` and returns the first text message the bot sent that user (cards are skipped): for
 * answers that come as one text beside card updates.
 */
export async function firstTextAnswer(h: BotHarness, from: string, text: string): Promise<string> {
  const before = h.fake.appMessages().length;
  await h.sendText(from, text, newMsgId());
  const answer = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === from && m.msgtype === 'text'), 15_000);
  return textOf(answer);
}
