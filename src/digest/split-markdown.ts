/** WeCom's limit for a group-robot markdown message, in bytes of UTF-8. */
export const robotMarkdownLimit = 4096;

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Splits a long markdown digest into messages under `limit` bytes without cutting a line: the header
 * (first line) is repeated on every part with "（续 n/m）", and a line longer than the limit on its own
 * is cut at a character boundary as a last resort.
 */
export function splitMarkdown(text: string, limit = robotMarkdownLimit): string[] {
  const [header = '', ...lines] = text.split('\n');
  const room = limit - bytes(header) - 32; // space for the continuation mark
  const parts: string[][] = [[]];
  let size = 0;
  for (let line of lines) {
    while (bytes(line) > room) {
      let cut = line.length;
      while (bytes(line.slice(0, cut)) > room) cut = Math.floor(cut * 0.9);
      pushLine(line.slice(0, cut));
      line = line.slice(cut);
    }
    pushLine(line);
  }
  function pushLine(line: string) {
    const lineBytes = bytes(line) + 1;
    if (size + lineBytes > room && parts.at(-1)!.length > 0) {
      parts.push([]);
      size = 0;
    }
    parts.at(-1)!.push(line);
    size += lineBytes;
  }
  const total = parts.length;
  return parts.map((p, i) => [total > 1 ? `${header}（${i + 1}/${total}）` : header, ...p].join('\n'));
}
