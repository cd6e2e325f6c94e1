import { findQuantities } from '../commands/quantities.js';
import { RESTORATION } from '../rules/quantity-facts.js';

/** Words of an offence against land: a clause with one is about the damage, whatever else it says. */
const DAMAGE = /占用|毁坏|破坏|滥伐|盗伐|开垦|非法|违法|擅自|损毁/;

type Quantity = { item: string | null; value: number; unit: string };
const key = (q: Quantity) => `${q.item ?? ''}|${q.value}|${q.unit}`;

/**
 * The quantities of a report that measure land put back (责令补种林地15亩, 已恢复植被3亩), with the verb in front of their
 * item (补种林地), so that the rules never count them as the area of the offence. A clause that also names the damage
 * (占用林地12亩并已补种) is left as it is.
 */
export function markRestoration<Q extends Quantity>(quantities: readonly Q[], text: string): Q[] {
  const verbs = new Map<string, string>();
  for (const clause of text.split(/[,，;；。\n]/)) {
    const verb = RESTORATION.exec(clause)?.[0];
    if (!verb || DAMAGE.test(clause)) continue;
    for (const q of findQuantities(clause)) verbs.set(key(q), verb);
  }
  return quantities.map((q) => {
    const verb = verbs.get(key(q));
    return verb && !(q.item ?? '').includes(verb) ? { ...q, item: `${verb}${q.item ?? ''}` } : q;
  });
}
