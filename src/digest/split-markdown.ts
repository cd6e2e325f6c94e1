import { cutLine } from '../wecom/split-text.js';

/** WeCom's limit for a group-robot markdown message, in bytes of UTF-8. */
export const robotMarkdownLimit = 4096;

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export interface SplitOptions {
  /** Bytes per message; WeCom's limit unless given. */
  limit?: number;
  /**
   * A last line for the last part only (the @mentions and the request to reply): the parts arrive in order, and
   * the staff are notified once, when the whole digest is there, not once per part.
   */
  footer?: string;
}

/** A section heading of a digest: a line all in bold (`**🔴 已逾期（3）**`). */
const isHeading = (line: string) => /^\*\*.+\*\*$/.test(line);

/**
 * Splits a long markdown digest into messages under the limit without cutting a line. The header (first line) is
 * repeated on every part with "（n/m）"; a part that goes on with a section starts with that section's heading
 * marked "（续）", so that an overdue item is never read as a due-soon one; the footer ends the last part. A line
 * longer than the limit on its own is cut at a character boundary as a last resort.
 */
export function splitMarkdown(text: string, options: SplitOptions = {}): string[] {
  const limit = options.limit ?? robotMarkdownLimit;
  const footer = options.footer ? `\n${options.footer}` : '';
  const [header = '', ...lines] = text.split('\n');
  const headingRoom = Math.max(0, ...lines.filter(isHeading).map((h) => bytes(h) + 12));
  const room = limit - bytes(header) - bytes(footer) - headingRoom - 32; // and space for the part number
  const parts: string[][] = [[]];
  let size = 0;
  let section: string | undefined;
  for (const line of lines) {
    if (isHeading(line)) section = line;
    for (const piece of bytes(line) > room ? cutLine(line, room) : [line]) pushLine(piece);
  }
  function pushLine(line: string) {
    const lineBytes = bytes(line) + 1;
    if (size + lineBytes > room && parts.at(-1)!.length > 0) {
      parts.push(section && line.startsWith('- ') ? [`${section.slice(0, -2)}（续）**`] : []);
      size = 0;
    }
    parts.at(-1)!.push(line);
    size += lineBytes;
  }
  const total = parts.length;
  return parts.map((p, i) => `${[total > 1 ? `${header}（${i + 1}/${total}）` : header, ...p].join('\n')}${i === total - 1 ? footer : ''}`);
}
