import { shortenText } from '../wecom/split-text.js';

/**
 * What a case record says about a licence that expired while the activity went on (domain.md §4.5). Cases have
 * no licence fields, so only a sentence that states both — the licence's term ended, and the licensed activity
 * continued after it — counts. Working without any licence (无证, 未取得许可证) is a different matter: it is what
 * a penalty case for unlicensed activity records, and says nothing about how a licence was granted or ended.
 */

/** Where one statement ends: a sentence, or a line of a form. */
const SENTENCE_END = /[。；;！!？?\n]+/;

const LICENCE = '(?:许可证|许可|采伐证|采矿证|排污证|执照|证照|资质证书)';
const EXPIRED = '(?:过期|到期|期满|届满|超过有效期|超出有效期|有效期已过|失效)';
/** "Still" or "went on", unless negated or forbidden (不得继续, 未继续, 禁止继续 …). */
const CONTINUED = '(?<!未|没有|不再|并未|不得|禁止|防止)(?:仍然|仍在|仍|继续|依然|照常|持续)';
/** The licensed activity itself, so that 仍未办理延续手续 (still not renewed) is not read as activity. */
const ACTIVITY = '(?:开采|采矿|采砂|采石|采伐|砍伐|经营|生产|销售|排放|排污|作业|施工|占用|运营|营业|从事|加工|捕捞|养殖|取水|收购|运输|开展)';

/** 采伐许可证过期后继续采伐 · 许可证有效期至2025年6月30日，到期后仍在开采 · 许可证已过期仍在经营 */
const EXPIRED_THEN_CONTINUED = new RegExp(`${LICENCE}.{0,25}?${EXPIRED}.{0,10}?${CONTINUED}.{0,4}?${ACTIVITY}`);
/** The compact forms of the same: 超期开采, 超过许可期限经营, 超出有效期排污. */
const BEYOND_TERM = new RegExp(`超(?:过|出)?(?:${LICENCE})?(?:期限|有效期|期).{0,4}?${ACTIVITY}`);

/** The longest a quoted statement gets before it is cut (the alert card has little room). */
const MAX_STATEMENT = 80;

/**
 * The first sentence of the text that records activity after a licence's term ended, trimmed, or undefined.
 *
 * @example
 * licenceExpiryStatement('持证开采。采矿许可证于2025年6月30日到期后仍继续开采'); // → '采矿许可证于2025年6月30日到期后仍继续开采'
 * licenceExpiryStatement('未取得采矿许可证擅自开采砂石'); // → undefined
 */
export function licenceExpiryStatement(text: string): string | undefined {
  const sentence = text
    .split(SENTENCE_END)
    .map((part) => part.trim())
    .find((part) => EXPIRED_THEN_CONTINUED.test(part) || BEYOND_TERM.test(part));
  if (sentence === undefined) return undefined;
  return shortenText(sentence, MAX_STATEMENT);
}
