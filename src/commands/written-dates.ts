/** Dates as staff write them: with or without a year, alone or within a short answer. */

/**
 * `3月5日` (or 号, `3-5`, `3/5`) with no year, read as the latest such day on or before `today` (YYYY-MM-DD): a case
 * is reported after its decision. Null when the text is not a month and day, or the day does not exist.
 */
export function parseDateWithoutYear(text: string, today: string): string | null {
  const match = /^(\d{1,2})\s?[-./月]\s?(\d{1,2})\s?[日号]?$/.exec(text.trim());
  if (!match) return null;
  const year = Number(today.slice(0, 4));
  const inYear = (y: number) => parseDate(`${y}-${match[1]}-${match[2]}`);
  const thisYear = inYear(year);
  return thisYear !== null && thisYear <= today ? thisYear : inYear(year - 1);
}

/** `2021-03-05`, `2021.3.5`, `2021/3/5`, `2021年3月5日` (or 号) → `2021-03-05`; null when not a real date. */
export function parseDate(text: string): string | null {
  const match = /^(\d{4})\s?[-./年]\s?(\d{1,2})\s?[-./月]\s?(\d{1,2})\s?[日号]?$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A date written within other words: 是11月22号, 应为2026.11.22, 11-22. */
const DATE_IN_TEXT = /(?<!\d)(?:\d{4}\s?[-./年]\s?)?\d{1,2}\s?[-./月]\s?\d{1,2}\s?[日号]?(?!\d)/g;

/**
 * The one date in a short answer (哦写错了 是11月22号), a year filled in as {@link parseDateWithoutYear} does; null
 * when the text is long, holds no date or several (a sentence is not guessed at).
 */
export function dateInAnswer(text: string, today: string): string | null {
  if (text.length > 30) return null;
  const dates = text.match(DATE_IN_TEXT) ?? [];
  if (dates.length !== 1) return null;
  return parseDate(dates[0]!) ?? parseDateWithoutYear(dates[0]!, today);
}
