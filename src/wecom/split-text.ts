import type { MessageBody } from './outbound-message.js';

/** What WeCom's message/send takes in one text or markdown message (bytes of UTF-8). */
export const appTextMaxBytes = 2048;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/**
 * The characters of a text as a reader sees them (grapheme clusters): an emoji is two UTF-16 units, 👍🏽 or ❤️ two code
 * points, 👨‍👩‍👧 five, a letter with an accent two, and each is one character here. Cutting inside one leaves a lone
 * surrogate (which WeCom may refuse with the whole message, a card included) or a stray modifier.
 */
export function characters(text: string): string[] {
  return Array.from(graphemes.segment(text), ({ segment }) => segment);
}

/**
 * A text of at most `max` characters (see {@link characters}) for a field WeCom shows only so much of: a longer one keeps
 * its first `max - 1` and ends in …. Every cut of text that goes out goes through here, never `String.slice`.
 *
 * @example shortenText('某木业有限公司😀😀', 8) === '某木业有限公司…'
 */
export function shortenText(text: string, max: number): string {
  if (text.length <= max) return text; // a text is never more characters than UTF-16 units
  const chars = characters(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Cuts one line longer than `max` bytes into pieces that fit, between characters (see {@link characters}); a character
 * that is longer than a piece on its own (an accent-laden oddity) is cut between its code points.
 */
export function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let size = 0;
  for (const char of characters(line).flatMap((c) => (bytes(c) > max ? [...c] : [c]))) {
    const length = bytes(char);
    if (size + length > max && piece) {
      pieces.push(piece);
      piece = '';
      size = 0;
    }
    piece += char;
    size += length;
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

/** What a group robot's webhook takes in one markdown message (a text is {@link appTextMaxBytes}, as message/send's). */
export const robotMarkdownMaxBytes = 4096;

/**
 * A text or markdown message as message/send and the group robot take it: in parts within {@link appTextMaxBytes}
 * (or `markdownMax` for a markdown), the @mentions on the first part only (one notification, not one per part).
 * Cards go whole.
 */
export function splitBody(body: MessageBody, markdownMax = appTextMaxBytes): MessageBody[] {
  if (body.msgtype === 'text') return splitText(body.text.content).map((content, i) => ({ ...body, text: { ...body.text, content, ...(i ? { mentioned_list: undefined } : {}) } }));
  if (body.msgtype === 'markdown') return splitText(body.markdown.content, markdownMax).map((content) => ({ msgtype: 'markdown', markdown: { content } }));
  return [body];
}

/**
 * The parts a message must go in to `target`, as WeCom takes them: an app text or markdown within 2048 bytes, a group
 * robot's text within 2048 and its markdown within 4096; one part when it fits, and for every other target (a card
 * update, a long-connection reply, which may be ten times longer).
 */
export function partsFor(body: MessageBody, target: 'app' | 'robot' | 'aibot' | 'card'): MessageBody[] {
  if (target === 'app') return splitBody(body);
  if (target === 'robot') return splitBody(body, robotMarkdownMaxBytes);
  return [body];
}
