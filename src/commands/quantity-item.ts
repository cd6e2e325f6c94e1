/**
 * What a figure counts, read from the words around it: 已恢复林地120亩 → 林地, 罚款已缴纳50万元 → 罚款,
 * 清理了3吨垃圾 → 垃圾. Heuristic on purpose: the item is shown back to the sender and kept with the raw text,
 * never used alone to decide anything.
 */

/** Verbs of rectification work; the item is the noun after the verb, or before it when nothing follows. */
const VERBS = [
  '恢复', '解除', '终止', '拆除', '清理', '清运', '清除', '清退', '收回', '收缴', '追缴', '补缴', '缴纳', '缴清', '交纳',
  '上缴', '缴', '补种', '补植', '种植', '栽植', '栽种', '复绿', '复垦', '处置', '处理', '查处', '处罚', '整改', '整治',
  '治理', '修复', '退还', '退出', '腾退', '没收', '罚没', '关停', '取缔', '销毁', '回收', '移送', '赔偿', '支付', '挽回',
  '下达', '立案', '排查', '检查', '核查', '涉及', '签订', '完成', '拆',
].sort((a, b) => b.length - a.length);

const LEADING_FILLER = /^(?:已经|已|共计|合计|累计|总计|总共|共|计|约|达到|达|又|再|另|均|都|现已|目前|其中|的|和|及|并|把|将|对|了)+/;
const TRAILING_FILLER = /(?:已经|已|共计|合计|累计|总计|总共|共|约为|计为|计|约|达到|达|了|又|再|有|均|都|的|是|人民币)+$/;

/** Who did the work (我们这边已经查处了三家): the doer, not what was counted; the verb names the figure then. */
const DOER = /^(?:我们?|我局|我单位|我方|本局|本单位|局里|单位|大队|执法队)?(?:这边|那边|这里)?$/;

/** How far back or forward an item may reach; names of things are short. */
const MAX_ITEM_REACH = 12;

/**
 * The item counted by the figure at text[start, end), looking no further back than `previousEnd` (the end of
 * the previous figure), or null when the words around it name nothing.
 */
export function quantityItem(text: string, start: number, end: number, previousEnd: number): string | null {
  return itemBefore(cjkRunBefore(text, start, previousEnd)) ?? itemAfter(cjkRunAfter(text, end));
}

function cjkRunBefore(text: string, start: number, limit: number): string {
  let from = start;
  while (from > limit && start - from < MAX_ITEM_REACH && isCjk(text.charAt(from - 1))) from -= 1;
  return text.slice(from, start);
}

function cjkRunAfter(text: string, end: number): string {
  let to = end;
  while (to < text.length && to - end < MAX_ITEM_REACH && isCjk(text.charAt(to))) to += 1;
  return text.slice(end, to);
}

/** 恢复林地 → 林地 (after the verb); 罚款已缴纳 → 罚款 (before a final verb); 林地 → 林地. */
function itemBefore(run: string): string | null {
  const verb = lastVerb(run);
  if (!verb) return clean(run);
  const afterVerb = clean(run.slice(verb.index + verb.word.length));
  // 罚没款, 赔偿金: one character after the verb makes a noun with it, not a thing of its own.
  if (afterVerb) return afterVerb.length === 1 ? `${verb.word}${afterVerb}` : afterVerb;
  const head = run.slice(0, verb.index);
  const headVerb = lastVerb(head);
  const before = clean(headVerb ? head.slice(headVerb.index + headVerb.word.length) : head);
  return before !== null && DOER.test(before) ? verb.word : before;
}

/** 3吨垃圾已清运 → 垃圾: the words after the figure up to the next verb. */
function itemAfter(run: string): string | null {
  const verb = firstVerb(run);
  return clean(verb ? run.slice(0, verb.index) : run);
}

/** Verbs in the text, left to right, longest first at each position so 补缴 is not read as 缴. */
function verbsIn(text: string): { index: number; word: string }[] {
  const found: { index: number; word: string }[] = [];
  for (let index = 0; index < text.length; ) {
    const word = VERBS.find((verb) => text.startsWith(verb, index));
    if (word) found.push({ index, word });
    index += word ? word.length : 1;
  }
  return found;
}

function lastVerb(text: string): { index: number; word: string } | null {
  return verbsIn(text).at(-1) ?? null;
}

function firstVerb(text: string): { index: number; word: string } | null {
  return verbsIn(text)[0] ?? null;
}

function clean(text: string): string | null {
  const cleaned = text.replace(LEADING_FILLER, '').replace(TRAILING_FILLER, '');
  return cleaned === '' ? null : cleaned;
}

function isCjk(char: string): boolean {
  return /[\u4e00-\u9fff]/.test(char);
}
