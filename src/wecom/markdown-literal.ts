/**
 * ASCII characters that markdown reads as syntax wherever they stand, and the full-width forms that stand for them.
 * WeCom's markdown (the intelligent bot's stream replies; developer.work.weixin.qq.com/document/path/101138 lists
 * headings, bold and italics, lists, quotes, links, images, rules and code) is not documented to honour backslash
 * escapes, so a `\*` might show its backslash; a full-width form is shown as itself by any renderer. People read them as
 * the same characters, and the command parser folds them back to ASCII (normalizeText), so whatever is copied out of
 * an answer still works in a command.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '＊', '_': '＿', '`': '｀', '~': '～', '<': '＜', '>': '＞', '|': '｜', '\\': '＼',
};

const SYNTAX = /[*_`~<>|\\]/g;
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
 * or mention (<@all>) comes out of it. Only the characters markdown would read change, to their full-width forms.
 *
 * @example markdownLiteral('某公司[附件](http://x.example) **已同意延期**') === '某公司［附件］(http://x.example) ＊＊已同意延期＊＊'
 */
export function markdownLiteral(text: string): string {
  return text
    .replace(SYNTAX, (char) => LOOKALIKES[char] ?? char)
    .replace(LINK_TEXT, '［$1］')
    .replace(LINK, '］')
    .replace(LINK_DEFINITION, '$1［')
    .replace(HEADING, '$1＃')
    .replace(ENTITY, '＆')
    .replace(RULE_LINE, (_, indent: string, mark: string) => `${indent}${mark === '-' ? '－' : '＝'}`)
    .replace(LIST_NUMBER, (_, number: string, mark: string) => `${number}${mark === '.' ? '．' : '）'}`);
}
