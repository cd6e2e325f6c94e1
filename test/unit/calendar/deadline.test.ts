import { describe, expect, it } from 'vitest';
import { computeDeadline } from '../../../src/calendar/deadline.js';
import { createHolidayCalendar } from '../../../src/calendar/holidays.js';

const calendar = createHolidayCalendar();

// [why the case matters, start, period, natural end, due]; 2026 dates are the State Council schedule in chinese-days.
const table: [string, string, string, string, string][] = [
  // month ends and leap years
  ['31 Jan + 1 month in a non-leap year clamps to 28 Feb (a Friday)', '2025-01-31', '1m', '2025-02-28', '2025-02-28'],
  ['31 Jan + 1 month in a leap year clamps to 29 Feb (a Thursday)', '2024-01-31', '1m', '2024-02-29', '2024-02-29'],
  ['31 Jan 2026 + 1 month clamps to 28 Feb, a Spring Festival make-up Saturday', '2026-01-31', '1个月', '2026-02-28', '2026-02-28'],
  ['31 Jan 2028 + 1 month clamps to 29 Feb 2028 (uncovered year, a Tuesday)', '2028-01-31', '1m', '2028-02-29', '2028-02-29'],
  ['29 Feb 2028 + 1 month is 29 Mar', '2028-02-29', '1m', '2028-03-29', '2028-03-29'],
  ['29 Feb 2028 + 12 months clamps to 28 Feb 2029', '2028-02-29', '12m', '2029-02-28', '2029-02-28'],
  ['30 Apr + 2 months is 30 Jun', '2026-04-30', '2m', '2026-06-30', '2026-06-30'],
  ['31 Aug + 2 months is 31 Oct, a Saturday: moves to Monday', '2026-08-31', '2m', '2026-10-31', '2026-11-02'],
  ['31 Aug 2025 + 2 months is 31 Oct 2025, a Friday', '2025-08-31', '2m', '2025-10-31', '2025-10-31'],
  ['31 Oct + 1 month clamps to 30 Nov', '2026-10-31', '1m', '2026-11-30', '2026-11-30'],
  ['31 Dec + 2 months crosses the year and clamps to 28 Feb 2027 (a Sunday)', '2026-12-31', '2m', '2027-02-28', '2027-03-01'],
  // 2026 National Day (10-01..10-07 off, Sun 09-20 and Sat 10-10 worked) and Mid-Autumn (09-25..09-27 off)
  ['15 days ending on the last National Day holiday move to 10-08', '2026-09-22', '15d', '2026-10-07', '2026-10-08'],
  ['15 days ending on National Day itself move past the whole holiday', '2026-09-16', '15天', '2026-10-01', '2026-10-08'],
  ['2 months ending on 1 Oct move past the holiday', '2026-08-01', '两个月', '2026-10-01', '2026-10-08'],
  ['a period ending on the make-up Saturday 10-10 stays there', '2026-09-25', '15d', '2026-10-10', '2026-10-10'],
  ['a period ending on the make-up Sunday 09-20 stays there', '2026-09-05', '15d', '2026-09-20', '2026-09-20'],
  ['a period ending on the Mid-Autumn Sunday moves to Monday 09-28', '2026-09-12', '15d', '2026-09-27', '2026-09-28'],
  ['1 day from 10-09 ends on the make-up Saturday', '2026-10-09', '1d', '2026-10-10', '2026-10-10'],
  // 2026 Spring Festival (02-15..02-23 off, Sat 02-14 and Sat 02-28 worked)
  ['15 days ending inside the Spring Festival move to the first working day after it', '2026-02-01', '15d', '2026-02-16', '2026-02-24'],
  ['a period ending on the last Spring Festival day moves to 02-24', '2026-02-08', '15日', '2026-02-23', '2026-02-24'],
  ['a period ending on the make-up Saturday 02-14 stays there', '2026-01-30', '15d', '2026-02-14', '2026-02-14'],
  ['a period ending on the make-up Saturday 02-28 stays there', '2026-02-13', '15d', '2026-02-28', '2026-02-28'],
  ['2 months ending on 15 Feb 2026 move past the Spring Festival', '2025-12-15', '2m', '2026-02-15', '2026-02-24'],
  ['2 months ending on the make-up Saturday 02-14 stay there', '2025-12-14', '2m', '2026-02-14', '2026-02-14'],
  // other holidays and weekends
  ['a period ending on Labour Day moves to 05-06', '2026-04-16', '15d', '2026-05-01', '2026-05-06'],
  ['a period ending on the Labour Day make-up Saturday 05-09 stays there', '2026-04-24', '15d', '2026-05-09', '2026-05-09'],
  ['2025 National Day ends on 10-08, so a period ending there moves to 10-09', '2025-09-23', '15d', '2025-10-08', '2025-10-09'],
  ['a period ending on a Friday stays on the Friday', '2026-03-05', '15d', '2026-03-20', '2026-03-20'],
  ['a period ending on a Saturday moves to Monday', '2026-03-06', '15d', '2026-03-21', '2026-03-23'],
  ['a period ending on a Sunday moves to Monday', '2026-03-07', '15d', '2026-03-22', '2026-03-23'],
  ['a Sunday after the Spring Festival make-up Saturday moves to Monday', '2026-02-14', '15d', '2026-03-01', '2026-03-02'],
  ['30 days for a notice count every day, not working days', '2026-06-01', '30d', '2026-07-01', '2026-07-01'],
  // uncovered years: weekends and the fixed-date statutory holidays (元旦, 劳动节 1–2 May, 国庆节 1–3 Oct)
  ['1 Oct 2031 is National Day by law even without the year\'s schedule: past 1–3 Oct and the weekend', '2031-09-16', '15d', '2031-10-01', '2031-10-06'],
  ['a Saturday in 2031 still moves to Monday', '2030-12-20', '15d', '2031-01-04', '2031-01-06'],
  ['1 Jan 2027 is New Year\'s Day before the 2027 schedule is known: past it and the weekend', '2026-12-17', '15d', '2027-01-01', '2027-01-04'],
  ['a weekday that is no fixed-date holiday stays in an uncovered year', '2027-04-05', '15d', '2027-04-20', '2027-04-20'],
];

describe('computeDeadline', () => {
  it.each(table)('%s', (_why, start, period, naturalEnd, due) => {
    const deadline = computeDeadline(start, period, calendar);
    expect({ naturalEnd: deadline.naturalEnd, due: deadline.due }).toEqual({ naturalEnd, due });
  });

  it('explains a holiday move in English and Chinese', () => {
    const deadline = computeDeadline('2026-09-22', '15d', calendar);
    expect(deadline.explanation).toBe('15 days from 2026-09-22 end on 2026-10-07, a National Day holiday; next working day');
    expect(deadline.explanationZh).toBe('自2026-09-22起15日（起算日不计），至2026-10-07届满，该日为国庆节假期，顺延至下一个工作日2026-10-08');
    expect(deadline.warnings).toEqual([]);
  });

  it('says when a month end was clamped and a make-up day kept the date', () => {
    const deadline = computeDeadline('2026-01-31', '1m', calendar);
    expect(deadline.explanation).toBe("1 month from 2026-01-31 ends on 2026-02-28 (the month's last day), a make-up working day for Spring Festival");
    expect(deadline.explanationZh).toBe('自2026-01-31起1个月（起算日不计），至2026-02-28届满（该月无对应日，取月末），该日为调休上班日（春节）');
  });

  it('warns about every uncovered year the deadline touches', () => {
    expect(computeDeadline('2031-09-16', '15d', calendar).warnings).toEqual(['no holiday calendar covers 2031; weekends and fixed-date holidays only']);
    const crossing = computeDeadline('2026-12-31', '2m', calendar);
    expect(crossing.uncoveredYears).toEqual([2027]);
    expect(crossing.explanation).toBe("2 months from 2026-12-31 end on 2027-02-28 (the month's last day), a Sunday (rest day); next working day");
  });

  it('lets an operator override win over the package and cover a new year with its schedule', () => {
    const days = (from: string, count: number, name: string) =>
      Array.from({ length: count }, (_, i) => ({ date: `${from.slice(0, 8)}${String(Number(from.slice(8)) + i).padStart(2, '0')}`, working: false, name }));
    const withOverrides = createHolidayCalendar({
      overrides: [
        { date: '2026-10-08', working: false, name: '临时放假' },
        // 2031's schedule as the State Council would publish it (in part: 13 days off, enough to count as one).
        ...days('2031-01-01', 1, '元旦'), ...days('2031-05-01', 5, '劳动节'), ...days('2031-10-01', 7, '国庆节'),
      ],
    });
    expect(computeDeadline('2026-09-22', '15d', withOverrides).due).toBe('2026-10-09');
    const national = computeDeadline('2031-09-16', '15d', withOverrides);
    expect(national).toMatchObject({ due: '2031-10-08', warnings: [] });
    expect(national.explanation).toBe('15 days from 2031-09-16 end on 2031-10-01, a day off set by the operator (国庆节); next working day');
  });

  it('refuses a start that is not a real date', () => {
    expect(() => computeDeadline('2026-02-30', '15d', calendar)).toThrow('start date must be a real date written YYYY-MM-DD (got "2026-02-30")');
    expect(() => computeDeadline('2026/09/22', '15d', calendar)).toThrow(/YYYY-MM-DD/);
  });

  it('stops with a clear error when overrides leave no working day', () => {
    const allOff = createHolidayCalendar({
      overrides: Array.from({ length: 70 }, (_, i) => ({ date: new Date(Date.UTC(2031, 0, 1 + i)).toISOString().slice(0, 10), working: false })),
    });
    expect(() => computeDeadline('2030-12-30', '2d', allOff)).toThrow(/no working day within 60 days after 2031-01-01/);
  });
});
