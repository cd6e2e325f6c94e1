/**
 * npm run parse -- "<text>": prints, as one JSON line, what the command parser understood from a message.
 * With no argument it reads standard input, one message per line (empty lines skipped), one JSON line each.
 * Operators use it to see why a message was misunderstood, e.g.
 *   npm run parse -- "进度 14号 60% 已恢复林地120亩"
 *   grep 进度 messages.txt | npm run parse
 */
import { createInterface } from 'node:readline';
import { localDate } from '../src/calendar/local-date.js';
import { parseCommand, withYearsFilledIn, type Command } from '../src/commands/index.js';

/** The bot's reference day: a date without a year (决定日期11月11日) is read as the bot reads it today. */
const today = localDate(new Date(), process.env.TZ || 'Asia/Shanghai');

/** What the bot understands of a message: the parser's reading, with the year of a yearless date filled in. */
function understood(text: string): Command {
  const cmd = parseCommand(text);
  return cmd.command === 'report' || cmd.command === 'amend' ? withYearsFilledIn(cmd, today) : cmd;
}

function print(text: string): void {
  process.stdout.write(`${JSON.stringify(understood(text))}\n`);
}

async function main(): Promise<void> {
  // A reader piping into `head` closes stdout early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const args = process.argv.slice(2);
  if (args.length > 0) {
    print(args.join(' '));
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== '') print(line);
  }
}

await main();
