import { roundTo6 } from '../commands/chinese-numerals.js';
import { UNITS } from '../commands/quantities.js';
import type { CaseQuantity } from '../models/case.js';

/** What counts as forest land or farmland, in a quantity's item or in the case text. */
// Not 森林 alone: it is in the name of the law (《森林法》), which says nothing about what was occupied.
const FOREST = /林地|公益林|防护林|特种用途林|商品林|山林/;
const FARMLAND = /耕地|农田|水田|旱地|菜地/;
/**
 * Land put back, not land damaged: 责令补种林地15亩 orders a replanting. Counted as the area of an offence, it raised a
 * criminal lead nobody's facts supported. Report items carry the verb (src/cases/restoration.ts).
 */
export const RESTORATION = /补种|补植|恢复|复绿|复垦|退还|造林|植树|种植|栽植|修复/;

/** A quantity counting a loss: 国有财产损失 50万元, 国有资产流失 …. */
const LOSS = /损失|流失/;

/** Area figures of a case, in 亩. */
export interface LandAreas {
  /** Undefined when the case states none: unknown, never 0 (a card saying 耕地0亩 says what nobody reported). */
  forestLandMu?: number;
  farmlandMu?: number;
  areaMu?: number;
}

/** The figure in a base unit (亩 or 元), or undefined when the unit is not one of that base. */
export function inBaseUnit(quantity: CaseQuantity, base: '亩' | '元'): number | undefined {
  const conversion = UNITS[quantity.unit];
  if (!conversion || conversion.base !== base || !Number.isFinite(quantity.value)) return undefined;
  return roundTo6(quantity.value * conversion.factor);
}

function largest(values: number[]): number | undefined {
  return values.length > 0 ? Math.max(...values) : undefined;
}

/**
 * Forest land and farmland of a case. Named quantities (林地 12 亩, 基本农田 6 亩) win; otherwise the case's
 * areaMu counts as forest or farmland when its text speaks of it (both, when it speaks of both). The largest
 * named figure is taken, not the sum, because the same parcel is often named twice (占用林地12亩 … 恢复林地12亩).
 */
export function landAreas(areaMu: number | undefined, quantities: readonly CaseQuantity[], text: string): LandAreas {
  const areas = quantities.flatMap((q) => {
    const mu = inBaseUnit(q, '亩');
    return mu === undefined || RESTORATION.test(q.item ?? '') ? [] : [{ item: q.item ?? '', mu }];
  });
  const forestNamed = largest(areas.filter((a) => FOREST.test(a.item)).map((a) => a.mu));
  const farmNamed = largest(areas.filter((a) => FARMLAND.test(a.item)).map((a) => a.mu));
  const unnamed = areaMu ?? largest(areas.filter((a) => !FOREST.test(a.item) && !FARMLAND.test(a.item)).map((a) => a.mu));
  const total = areaMu ?? largest(areas.map((a) => a.mu));
  const forest = forestNamed ?? (FOREST.test(text) ? unnamed : undefined);
  const farm = farmNamed ?? (FARMLAND.test(text) ? unnamed : undefined);
  return {
    ...(forest === undefined ? {} : { forestLandMu: forest }),
    ...(farm === undefined ? {} : { farmlandMu: farm }),
    ...(total === undefined ? {} : { areaMu: total }),
  };
}

/** The land areas in words for an explanation: 林地15亩、耕地6亩, only what the case states. */
export function landAreaText(areas: LandAreas): string | undefined {
  const parts = [areas.forestLandMu === undefined ? '' : `林地${areas.forestLandMu}亩`, areas.farmlandMu === undefined ? '' : `耕地${areas.farmlandMu}亩`];
  return parts.filter(Boolean).join('、') || undefined;
}

/** The largest loss (损失) in 元 among a case's quantities, or undefined when none is stated as a figure. */
export function stateLossYuan(quantities: readonly CaseQuantity[]): number | undefined {
  return largest(quantities.flatMap((q) => {
    const yuan = q.item && LOSS.test(q.item) ? inBaseUnit(q, '元') : undefined;
    return yuan === undefined ? [] : [yuan];
  }));
}
