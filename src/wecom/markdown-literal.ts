/**
 * ASCII characters that markdown reads as syntax, and the full-width forms that stand for them. WeCom's markdown (the
 * intelligent bot's stream replies; developer.work.weixin.qq.com/document/path/101138 lists headings, bold and
 * italics, lists, quotes, links, images, rules and code) is not documented to honour backslash escapes, so a `\*`
 * might show its backslash; a full-width form is shown as itself by any renderer. People read them as the same
 * characters, and the command parser folds them back to ASCII (normalizeText), so whatever is copied out of an answer
 * still works in a command.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '＊', '_': '＿', '`': '｀', '~': '～', '<': '＜', '>': '＞', '|': '｜', '\\': '＼',
};
const fullWidth = (chars: string) => [...chars].map((char) => LOOKALIKES[char] ?? char).join('');

/** Code, HTML (and <@all>), tables and escapes: syntax wherever they stand. */
const ALWAYS_SYNTAX = /[`<>|\\]/g;

/**
 * A web or e-mail address, whose `_` and `~` are kept as typed: a link or an address copied out of an answer must still
 * work (https://pan.example.com/s/a_b_c, zhang_san@lin.gov.cn, the ADMIN_CONTACT). It ends, as GFM's autolinks do,
 * before trailing punctuation (`.`, `,`, `_`, `~` …), and at a space, a Chinese character or a character a URL has
 * only escaped (`*`, `|`, `` ` ``, `\`, brackets): those read as markdown whatever surrounds them.
 */
const ADDRESS = new RegExp(
  [
    String.raw`\b(?:(?:https?|ftp):\/\/|www\.)[A-Za-z0-9\-._~:\/?#@!$&'()+,;=%]*[A-Za-z0-9\/#=&%$@+\-]`,
    String.raw`(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+`,
  ].join('|'),
  'g',
);

/** A line (or list item) of `*` or `_` (*** or _ _ _): a horizontal rule. */
const BREAK_LINE = /^([ \t]*(?:[-+*][ \t]+|\d{1,9}[.)][ \t]+)?)([*_](?:[ \t]*[*_]){2,}[ \t]*)$/gm;
/** `* ` opening a line: a list item. */
const LIST_STAR = /^([ \t]*)\*(?=[ \t]|$)/gm;
/** `~~~` opening a line or a list item: a fenced code block. */
const TILDE_FENCE = /^([ \t]*(?:[-+*][ \t]+|\d{1,9}[.)][ \t]+)?)(~{3,})/gm;
/** A run of the characters that make emphasis (`*`, `_`) or GFM's strikethrough (`~`). */
const EMPHASIS_RUN = /([*_~])\1*/g;
/** A blank line, which ends a paragraph and with it any emphasis. */
const BLANK_LINE = /\n[ \t]*\n/g;

/**
 * The brackets of a link or image, `[text](url)` (the `](` is what makes one). Brackets elsewhere are left as typed:
 * they are how 文号 are written (富检行公建[2021]14号), and without a `(` after them or a definition (below) they are
 * no link.
 */
const LINK_TEXT = /\[([^[\]\n]*)\](?=\()/g;
const LINK = /\](?=\()/g;
/** A link definition at the start of a line, `[2021]: http://…`, which would make every [2021] of the answer a link. */
const LINK_DEFINITION = /^([ \t]*)\[(?=[^\]\n]*\]:)/gm;
/** # opening a line or a list item: a heading. */
const HEADING = /^([ \t]*(?:[-+][ \t]+|\d{1,9}[.)][ \t]+)?)#/gm;
/** An HTML entity (&lt; &#91;), which markdown would show as the character it names, not as typed. */
const ENTITY = /&(?=#?[0-9A-Za-z]+;)/g;
/** A line of only - or = (---, ===): a horizontal rule, or an underline that makes the line above a heading. */
const RULE_LINE = /^([ \t]*)([-=])(?=[-= \t]*$)/gm;
/** 3. or 3) at the start of a line: an ordered list, which a renderer numbers on its own (3., 4., … whatever was typed). */
const LIST_NUMBER = /^([ \t]*\d{1,9})([.)])(?=[ \t])/gm;

/**
 * A plain text (an answer the bot wrote for a text message, quoting whatever an agency typed: party names, measures,
 * facts) made to show as exactly that text where WeCom renders markdown: no link, bold text, heading, quote, HTML tag
 * or mention (<@all>) comes out of it. Only the characters markdown would read change, to their full-width forms; an
 * `_`, `*` or `~` that could not make emphasis (zhang_san, 4.8*万元, 3~5亩) and web or e-mail addresses stay as typed.
 *
 * @example markdownLiteral('某公司[附件](http://x.example) **已同意延期**') === '某公司［附件］(http://x.example) ＊＊已同意延期＊＊'
 */
export function markdownLiteral(text: string): string {
  const addresses = [...text.matchAll(ADDRESS)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const blocks = text
    .replace(ALWAYS_SYNTAX, (char) => LOOKALIKES[char] ?? char)
    .replace(BREAK_LINE, (_, marker: string, line: string) => `${marker}${fullWidth(line)}`)
    .replace(LIST_STAR, '$1＊')
    .replace(TILDE_FENCE, (_, indent: string, fence: string) => `${indent}${fullWidth(fence)}`);
  return foldEmphasis(blocks, addresses)
    .replace(LINK_TEXT, '［$1］')
    .replace(LINK, '］')
    .replace(LINK_DEFINITION, '$1［')
    .replace(HEADING, '$1＃')
    .replace(ENTITY, '＆')
    .replace(RULE_LINE, (_, indent: string, mark: string) => `${indent}${mark === '-' ? '－' : '＝'}`)
    .replace(LIST_NUMBER, (_, number: string, mark: string) => `${number}${mark === '.' ? '．' : '）'}`);
}

interface Span {
  start: number;
  end: number;
}

/** A run of `*`, `_` or `~` and what it could be to a markdown renderer. */
interface DelimiterRun extends Span {
  char: string;
  paragraph: number;
  canOpen: boolean;
  canClose: boolean;
  /** Inside a web or e-mail address: never changed. */
  kept: boolean;
}

/**
 * Every run of `*`, `_` or `~` that could open emphasis (or strikethrough) closed by a later run in the same paragraph,
 * in its full-width form. Folding one changes what its neighbours are next to, so it is repeated until nothing more
 * could pair. Every character keeps its length (one UTF-16 unit), so the address spans stay where they were.
 */
function foldEmphasis(text: string, addresses: Span[]): string {
  let current = text;
  for (;;) {
    const runs = delimiterRuns(current, addresses);
    const paired = pairedRuns(runs).filter((run) => !run.kept);
    if (paired.length === 0) return current;
    let next = '';
    let at = 0;
    for (const run of paired) {
      next += current.slice(at, run.start) + fullWidth(current.slice(run.start, run.end));
      at = run.end;
    }
    current = next + current.slice(at);
  }
}

/**
 * The runs that an opener of their character before them could close (they close) or a closer after them (they open),
 * in their paragraph, in text order.
 */
function pairedRuns(runs: DelimiterRun[]): DelimiterRun[] {
  const firstOpener = new Map<string, number>();
  const lastCloser = new Map<string, number>();
  for (const run of runs) {
    const key = `${run.char}${run.paragraph}`;
    if (run.canOpen && !firstOpener.has(key)) firstOpener.set(key, run.start);
    if (run.canClose) lastCloser.set(key, run.start);
  }
  return runs.filter((run) => {
    const key = `${run.char}${run.paragraph}`;
    return (run.canOpen && (lastCloser.get(key) ?? -1) > run.start) || (run.canClose && (firstOpener.get(key) ?? Infinity) < run.start);
  });
}

function delimiterRuns(text: string, addresses: Span[]): DelimiterRun[] {
  const breaks = [...text.matchAll(BLANK_LINE)].map((m) => m.index);
  return [...text.matchAll(EMPHASIS_RUN)].map((m) => {
    const start = m.index;
    const end = start + m[0].length;
    const char = m[1]!;
    return {
      start, end, char,
      paragraph: breaks.filter((at) => at < start).length,
      ...delimiterRole(char, charBefore(text, start), text.codePointAt(end) === undefined ? undefined : String.fromCodePoint(text.codePointAt(end)!)),
      kept: addresses.some((span) => span.start <= start && end <= span.end),
    };
  });
}

function charBefore(text: string, index: number): string | undefined {
  if (index === 0) return undefined;
  const unit = text.charCodeAt(index - 1);
  const isLowSurrogate = unit >= 0xdc00 && unit <= 0xdfff;
  return String.fromCodePoint(text.codePointAt(isLowSurrogate && index >= 2 ? index - 2 : index - 1)!);
}

const WHITESPACE = /\s/u;
/**
 * Punctuation as CommonMark counts it next to a delimiter: before 0.31 the ASCII punctuation and Unicode's P classes,
 * since then P and S (symbols, emoji). Which one WeCom follows is not documented, so a run counts as able to open or
 * close if it can under either.
 */
const PUNCTUATION = [/[\p{P}!-/:-@[-`{-~]/u, /[\p{P}\p{S}]/u];

/** Whether a delimiter run between `before` and `after` (undefined: the start or end of the text) can open or close. */
function delimiterRole(char: string, before: string | undefined, after: string | undefined): { canOpen: boolean; canClose: boolean } {
  const spaceBefore = before === undefined || WHITESPACE.test(before);
  const spaceAfter = after === undefined || WHITESPACE.test(after);
  let canOpen = false;
  let canClose = false;
  for (const punctuation of PUNCTUATION) {
    const markBefore = !spaceBefore && punctuation.test(before!);
    const markAfter = !spaceAfter && punctuation.test(after!);
    const leftFlanking = !spaceAfter && (!markAfter || spaceBefore || markBefore);
    const rightFlanking = !spaceBefore && (!markBefore || spaceAfter || markAfter);
    // `_` makes no emphasis inside a word (zhang_san, a_b_c); `*` and `~` do (a*b*c).
    canOpen ||= char === '_' ? leftFlanking && (!rightFlanking || markBefore) : leftFlanking;
    canClose ||= char === '_' ? rightFlanking && (!leftFlanking || markAfter) : rightFlanking;
  }
  return { canOpen, canClose };
}
