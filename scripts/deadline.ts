/**
 * Legal deadline calculator: `npm run deadline -- <start date> <period>`, e.g. `2026-09-22 15d`.
 * Prints "<due date> — <how it was reached>". With no arguments it answers `<start> <period>` lines from
 * standard input, one line each; a bad line prints "error: …" and the exit code is 1 at the end. `--help` says so.
 */
import { createInterface } from 'node:readline';
import { computeDeadline } from '../src/calendar/deadline.js';
import { calendarWarnings, defaultCalendar } from '../src/calendar/default-calendar.js';
import type { HolidayCalendar } from '../src/calendar/holidays.js';

const usage = `usage: npm run deadline -- <start date> <period>
       <lines of "<start date> <period>"> | npm run deadline

Prints a legal deadline and how it was reached, as the bot counts it (domain.md §3): the period runs from the day
after the start date, and a last day that is a holiday or rest day moves to the next working day.

  <start date>  YYYY-MM-DD, e.g. the day a recommendation was received
  <period>      days as 15d, 15天 or 15日; months as 2m, 2个月 or 两个月

Example: npm run deadline -- 2026-09-22 15d
  2026-10-08 — 15 days from 2026-09-22 end on 2026-10-07, a National Day holiday; next working day

The holidays are the bot's: the built-in schedule and CALENDAR_OVERRIDES_FILE. A bad stdin line prints
"error: …" and the exit code is 1 at the end.`;

/** One answer line for one `<start> <period>` input, and whether the input was good. */
function answer(input: string, calendar: HolidayCalendar): { line: string; ok: boolean } {
  const parts = input.trim().split(/\s+/);
  if (parts.length !== 2) {
    return { line: `error: expected "<start date> <period>", e.g. "2026-09-22 15d" (got "${input.trim()}")`, ok: false };
  }
  try {
    const deadline = computeDeadline(parts[0] ?? '', parts[1] ?? '', calendar);
    const warnings = deadline.warnings.map((warning) => ` (warning: ${warning})`).join('');
    return { line: `${deadline.due} — ${deadline.explanation}${warnings}`, ok: true };
  } catch (error) {
    return { line: `error: ${error instanceof Error ? error.message : String(error)}`, ok: false };
  }
}

async function main(): Promise<number> {
  // The bot's own calendar: CALENDAR_OVERRIDES_FILE and the last good overrides when the file is not valid.
  const calendar = defaultCalendar();
  for (const warning of calendarWarnings(new Date()).filter((w) => w.startsWith('calendar overrides file refused'))) console.error(`warning: ${warning}`);
  const args = process.argv.slice(2);
  if (args[0] === '--help' || args[0] === '-h') {
    console.log(usage);
    return 0;
  }
  const option = args.find((arg) => /^--?[a-z][a-z-]*$/i.test(arg));
  if (option) {
    console.error(`error: unknown option ${option}\n\n${usage}`);
    return 2;
  }
  if (args.length > 0) {
    const result = answer(args.join(' '), calendar);
    console.log(result.line);
    return result.ok ? 0 : 1;
  }
  let failed = false;
  for await (const input of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (input.trim() === '') continue; // blank lines (e.g. a trailing newline) are not questions
    const result = answer(input, calendar);
    console.log(result.line);
    failed ||= !result.ok;
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
