/**
 * The chat command grammar (DESIGN §5): `parseCommand(text)` turns one staff message into a typed
 * {@link Command}. Pure and total; handlers decide what to do with what it understood.
 */
export { parseCommand } from './parse-command.js';
export type * from './types.js';
export { COMMAND_NAMES } from './types.js';
export { COMMAND_WORDS, matchCommandWord, type CommandWordMatch, type KnownCommand } from './command-words.js';
export { normalizeText, toHalfWidth, MAX_INPUT_LENGTH } from './normalize-text.js';
export { parseChineseNumber, parseNumber } from './chinese-numerals.js';
export { findPercent, parsePercent, type PercentMatch } from './percent.js';
export { findQuantities, UNITS } from './quantities.js';
export { findRef, formatRef, normalizeRef, type RefMatch } from './document-ref.js';
export { findStage, STAGES, type StageMatch } from './stages.js';
export { parseReportFields, REPORT_FIELD_LABELS, REPORT_FIELD_NAMES, REPORT_REQUIRED_FIELDS } from './report-fields.js';
export { parseDate } from './written-dates.js';
export { withYearsFilledIn } from './report-dates.js';
export { EXAMPLES, hintFor } from './hints.js';
