import { hintFor } from './hints.js';
import { reportItemOf } from './report-fields.js';
import type { AmendCommand, ReportCommand } from './types.js';
import { dateInAnswer } from './written-dates.js';

/**
 * A 上报 or 更正 with its dates written without a year (立案日期11月10日 决定日期11月11日) filled in against `today`
 * (YYYY-MM-DD, the local day): each the latest such day on or before today, in the field of the label it was written
 * under. The parser has no clock and leaves such a date as a problem; the bot and `npm run parse` both read the
 * command through this, so they agree on what a message says.
 */
export function withYearsFilledIn<C extends ReportCommand | AmendCommand>(cmd: C, today: string): C {
  const fields = { ...cmd.fields };
  const problems = cmd.problems.filter((problem) => {
    // Only a date the parser could not read: one taken back (11月5日，不对) has no label and is asked about.
    const label = problem.field === 'date' ? problem.label : undefined;
    const date = label === undefined ? null : dateInAnswer(problem.value, today);
    if (label === undefined || date === null) return true;
    fields[reportItemOf(label) === 'filedOn' ? 'filedOn' : 'date'] = date;
    return false;
  });
  if (problems.length === cmd.problems.length) return cmd;
  return { ...cmd, fields, problems, hint: hintFor(cmd.command, cmd.missing, problems) };
}
