import { simplifyChar } from './traditional-chars.js';

/**
 * How much of a message the parser reads. A WeCom text message holds at most 2048 bytes, so anything longer
 * is pasted junk; bounding the input also bounds the parser's time.
 */
export const MAX_INPUT_LENGTH = 4096;

/**
 * Code points that show nothing and are removed outright: every format character (Unicode category Cf — zero-width
 * space and joiners, soft hyphen, word joiner, byte-order mark, LRM/RLM, the bidi embeddings, overrides and isolates
 * U+202A–202E and U+2066–2069 …), the variation selectors VS1–VS16, the combining grapheme joiner and the Hangul
 * fillers. Copies from Word or a PDF leave them inside case numbers, and a bidi override makes 104号 display as 401号;
 * kept, two numbers that read the same would be two cases.
 *
 * Except where they make one emoji of several (UTS #51): a zero-width joiner between two pictographs (👨‍👩‍👧, which
 * without its joiners shows as three people; 🏳️‍🌈; 👩🏽‍💻), the tags of a flag (🏴 + U+E0020–E007F, Scotland's), and a
 * variation selector after a pictograph (❤️, ©️) or in a keycap (1️⃣, whose marks foldLookalikes drops after a digit).
 */
const INVISIBLE = new RegExp(
  [
    String.raw`(?!(?<=\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]?)\u200D(?=\p{Extended_Pictographic}))`,
    String.raw`(?!(?<=\p{Extended_Pictographic}[\u{E0020}-\u{E007E}]*)[\u{E0020}-\u{E007F}])`,
    String.raw`(?!(?<=\p{Extended_Pictographic})[\uFE0E\uFE0F]|(?<=[0-9#*])\uFE0F(?=\u20E3))`,
    String.raw`[\p{Cf}\uFE00-\uFE0F\u034F\u115F\u1160\u3164\uFFA0]`,
  ].join(''),
  'gu',
);

/** Brackets drawn like 〔〕 (tortoise-shell forms: small ﹝﹞, vertical ︹︺, white 〘〙, ⦗⦘, ornament ❲❳), read as 〔〕. */
const TORTOISE_SHELLS: ReadonlyMap<string, string> = new Map([
  ['\uFE5D', '〔'], ['\uFE5E', '〕'], ['\uFE39', '〔'], ['\uFE3A', '〕'], ['\u3018', '〔'], ['\u3019', '〕'],
  ['\u2997', '〔'], ['\u2998', '〕'], ['\u2772', '〔'], ['\u2773', '〕'],
]);

/** Mathematical bold, italic, double-struck … letters and digits (𝟕𝟎𝟏, 𝐀), which styled fonts and some PDFs produce. */
const MATH_ALPHANUMERIC = /[\u{1D400}-\u{1D7FF}]/u;

/** Combining marks on a digit (7\u0301, a keycap 1️⃣): a digit carries none, so 701\u0301号 is 701号. */
const MARKS_ON_DIGITS = /(?<=\d)\p{M}+/gu;

/** Horizontal whitespace of every width (tab, no-break, en/em, ideographic space U+3000 …). */
const SPACES = /[\t\v\f \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Punctuation outside the full-width block that phones produce and that the grammar treats as ASCII. */
const EXTRA_HALF_WIDTH: ReadonlyMap<string, string> = new Map([
  ['\uFE6A', '%'], // small percent sign ﹪
  ['\uFE55', ':'], // small colon ﹕
  ['\uFE30', ':'], // presentation-form colon ︰
  ['\uFE50', ','], // small comma ﹐
  ['\u2236', ':'], // ratio ∶, which some input methods offer as a colon
  ['\u33A1', '平方米'], // ㎡
  ['\u33A5', '立方米'], // ㎥
]);

/**
 * Full-width ASCII (U+FF01–U+FF5E: ０-９, Ａ-Ｚ, ％, ：, ，, （, ［ …) to half-width, and the ideographic space to
 * a plain space. Chinese punctuation with no ASCII twin (、。〔〕【】) is kept.
 */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += EXTRA_HALF_WIDTH.get(char) ?? char;
  }
  return out;
}

/** The text without the code points that show nothing (see INVISIBLE): Cf format characters, fillers. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * Characters that look like others the grammar reads, folded to them: tortoise-shell brackets (﹝﹞ ⦗⦘ …) to 〔〕,
 * mathematical digits and letters (𝟕𝟎𝟏) to ASCII, and combining marks on a digit dropped. Nothing else changes (①
 * stays ①, an item mark), so it is safe on a whole message.
 */
export function foldLookalikes(text: string): string {
  let out = '';
  for (const char of text) out += TORTOISE_SHELLS.get(char) ?? (MATH_ALPHANUMERIC.test(char) ? char.normalize('NFKC') : char);
  return out.replace(MARKS_ON_DIGITS, '');
}

/**
 * The form in which two identifiers — case numbers (案号), parties (当事人) — are the same when they read the same:
 * nothing invisible, lookalikes folded, compatibility forms as NFKC has them (full-width, ﹝ as 〔, 𝟕 as 7), no
 * combining marks. For comparing and keying only: what is stored keeps what was written, minus invisible characters.
 *
 * @example identifierForm('富林罚﹝2024﹞70\u200E1号') === identifierForm('富林罚〔2024〕701号')
 */
export function identifierForm(text: string): string {
  return foldLookalikes(withoutInvisible(text)).normalize('NFKC').replace(/\p{M}/gu, '');
}

/** The text on one line: each line break (Alt+Enter in a spreadsheet cell, \u2028 …) becomes one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*(?:\r\n?|[\n\v\f\u0085\u2028\u2029])\s*/g, ' ').trim();
}

/**
 * Stored text as it goes into one line of what the bot writes (a lead's label, a notice's heading): no invisible
 * characters, every line break and run of spaces one space. A party kept with a line break (某公司⏎【线索提醒】…) or a
 * bidi override would otherwise start a line in the bot's voice, or reorder what follows it.
 */
export function asOneLine(text: string): string {
  return oneLine(withoutInvisible(text)).replace(/\s+/g, ' ');
}

/** Replaces unpaired UTF-16 surrogates with U+FFFD so the text can always be encoded and logged. */
export function replaceLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Normalises a chat message for parsing and for the record: at most {@link MAX_INPUT_LENGTH} characters,
 * well-formed UTF-16, half-width letters/digits/punctuation, simplified forms of the traditional characters
 * the grammar uses, no invisible characters (see INVISIBLE), lookalike brackets and digits folded (foldLookalikes), one space between words, each line trimmed, blank lines dropped.
 * Line breaks are kept because 上报 sends one field per line.
 *
 * @example normalizeText('\u3000进度\u3000１４號\u3000６０％ ') === '进度 14号 60%'
 */
export function normalizeText(text: string): string {
  const normalised = normalizeOnce(text);
  // ㎡ and ㎥ become three characters each, so the result can outgrow the bound; normalising it once more cuts it
  // back, and nothing in it expands any more, so the result is its own normal form.
  return normalised.length > MAX_INPUT_LENGTH ? normalizeOnce(normalised) : normalised;
}

function normalizeOnce(text: string): string {
  const bounded = replaceLoneSurrogates(text.slice(0, MAX_INPUT_LENGTH));
  let mapped = '';
  // Folded after toHalfWidth, so that a mark on a full-width digit (１\u0301) goes with the one on its ASCII twin.
  for (const char of foldLookalikes(toHalfWidth(withoutInvisible(bounded)))) mapped += isControl(char) ? ' ' : simplifyChar(char);
  return mapped
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .split('\n')
    .map((line) => line.replace(SPACES, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** C0/C1 control characters other than line breaks; they become spaces (checked by code, not by a regex literal). */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  if (char === '\n' || char === '\r' || code === 0x85) return false;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** The normalised text on one line, for grammar that does not care about line breaks. */
export function toOneLine(text: string): string {
  return text.replace(/\n/g, ' ');
}

const FULL_WIDTH_PUNCTUATION: Readonly<Record<string, string>> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）', '~': '～' };
// Chinese characters and the punctuation written among them: 、。“”—…《》 and the full-width forms.
const CJK = '[\\u3400-\\u9fff\\u3000-\\u303f\\u2010-\\u206f\\uff00-\\uffef]';
const BESIDE_CJK = new RegExp(`(?<=${CJK})[,;:?!()~]|[,;:?!()~](?=${CJK})`, 'g');

/**
 * The Chinese punctuation of the sender's words, for what is stored and shown: the parser reads half-width
 * (normalizeText), but a record must say what the agency wrote (已书面回复，补偿费已追缴), so punctuation beside a
 * Chinese character is written full-width again. 1,000 and 60% stay as they are.
 */
export function chinesePunctuation(text: string): string {
  return text.replace(BESIDE_CJK, (mark) => FULL_WIDTH_PUNCTUATION[mark] ?? mark);
}
