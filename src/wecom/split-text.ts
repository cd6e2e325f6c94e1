import type { MessageBody } from './outbound-message.js';

/** What WeCom's message/send takes in one text or markdown message (bytes of UTF-8). */
export const appTextMaxBytes = 2048;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Cuts one line longer than `max` bytes into pieces that fit, without splitting a character. */
function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of line) {
    if (bytes(piece + char) > max) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  return piece ? [...pieces, piece] : pieces;
}

/**
 * A text for WeCom's app messages in parts of at most `max` bytes, cut between lines (inside a line only when one line
 * is longer than a part): WeCom refuses a longer message outright (40058), so a long list — a prosecutor's 线索 —
 * would reach nobody. Every part after the first says it continues.
 */
export function splitText(text: string, max = appTextMaxBytes): string[] {
  if (bytes(text) <= max) return [text];
  const marker = '（续）\n';
  const room = max - bytes(marker);
  const parts: string[] = [];
  let part = '';
  for (const line of text.split('\n').flatMap((l) => (bytes(l) > room ? cutLine(l, room) : [l]))) {
    const joined = part ? `${part}\n${line}` : line;
    if (bytes(joined) > room && part) {
      parts.push(part);
      part = line;
    } else part = joined;
  }
  if (part) parts.push(part);
  return parts.map((p, i) => (i === 0 ? p : `${marker}${p}`));
}

/**
 * A text or markdown message as message/send and the group robot take it: in parts within {@link appTextMaxBytes},
 * the @mentions on the first part only (one notification, not one per part). Cards go whole.
 */
export function splitBody(body: MessageBody): MessageBody[] {
  if (body.msgtype === 'text') return splitText(body.text.content).map((content, i) => ({ ...body, text: { ...body.text, content, ...(i ? { mentioned_list: undefined } : {}) } }));
  if (body.msgtype === 'markdown') return splitText(body.markdown.content).map((content) => ({ msgtype: 'markdown', markdown: { content } }));
  return [body];
}
