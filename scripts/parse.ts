/**
 * npm run parse -- "<text>": prints, as one JSON line, how the bot reads a message.
 * With no text it reads standard input, one message per line (empty lines skipped), one JSON line each.
 * Operators use it to see why a message was misunderstood, e.g.
 *   npm run parse -- "进度 14号 60% 已恢复林地120亩"
 *   npm run parse -- --role prosecutor "14号 验收通过"
 *   grep 进度 messages.txt | npm run parse
 */
import { createInterface } from 'node:readline';
import { localDate } from '../src/calendar/local-date.js';
import { parseCommand, withYearsFilledIn, type Command } from '../src/commands/index.js';
import { parseProsecutorCommand, type ProsecutorCommand } from '../src/commands/prosecutor-commands.js';

const usage = `usage: npm run parse -- [--role staff|prosecutor] "<text>"
       <lines> | npm run parse -- [--role staff|prosecutor]

Prints how the bot reads a message, as one JSON line (a date without a year is read against today in TZ).
Without a text, reads one message per line from standard input.

  --role staff       as sent by agency staff (the default): 14号 验收通过 is their own acceptance check
  --role prosecutor  as sent by a prosecutor or admin: 14号 验收通过 is a review, 受理 without a number a decision
  --help             this text

When the other role's reading differs, it is said on standard error.`;

type Role = 'staff' | 'prosecutor';

/** The bot's reference day: a date without a year (决定日期11月11日) is read as the bot reads it today. */
const today = localDate(new Date(), process.env.TZ || 'Asia/Shanghai');

/**
 * What the bot understands of a message from someone of `role`, in the order the bot reads it: the prosecutors'
 * grammar first (线索, 统计, 验收 … — for everyone; agency staff are then told those commands are not theirs),
 * then the staff grammar with the year of a yearless date filled in.
 */
function understood(text: string, role: Role): Command | ProsecutorCommand {
  const prosecutorCommand = parseProsecutorCommand(text, { refFirst: role === 'prosecutor' });
  if (prosecutorCommand) return prosecutorCommand;
  const cmd = parseCommand(text);
  return cmd.command === 'report' || cmd.command === 'amend' ? withYearsFilledIn(cmd, today) : cmd;
}

function print(text: string, role: Role): void {
  const reading = JSON.stringify(understood(text, role));
  process.stdout.write(`${reading}\n`);
  const other: Role = role === 'staff' ? 'prosecutor' : 'staff';
  const otherReading = JSON.stringify(understood(text, other));
  if (otherReading !== reading) process.stderr.write(`note: from ${other === 'staff' ? 'agency staff' : 'a prosecutor'} the bot reads it as ${otherReading} (--role ${other})\n`);
}

/**
 * The options and the text, or the exit code when the arguments asked for help or were wrong. Options come first;
 * the rest is the message as typed, so a message starting with "-" (-5%) is read as text, as after "--".
 */
function readArgs(args: string[]): { role: Role; text: string | undefined } | number {
  let role = 'staff';
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      return 0;
    }
    if (arg === '--role' || arg.startsWith('--role=')) {
      role = arg === '--role' ? (args[++i] ?? '') : arg.slice('--role='.length);
      continue;
    }
    if (/^--?[a-z][a-z-]*$/i.test(arg)) {
      console.error(`error: unknown option ${arg}\n\n${usage}`);
      return 2;
    }
    break;
  }
  if (role !== 'staff' && role !== 'prosecutor') {
    console.error(`error: --role must be staff or prosecutor (got "${role}")`);
    return 2;
  }
  const text = args.slice(i);
  return { role, text: text.length > 0 ? text.join(' ') : undefined };
}

async function main(): Promise<number> {
  // A reader piping into `head` closes stdout early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const args = readArgs(process.argv.slice(2));
  if (typeof args === 'number') return args;
  if (args.text !== undefined) {
    print(args.text, args.role);
    return 0;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== '') print(line, args.role);
  }
  return 0;
}

process.exitCode = await main();
