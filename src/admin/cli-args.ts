import { parseArgs } from 'node:util';
import type { Connection } from 'mongoose';
import { isCalendarDate } from '../calendar/local-date.js';
import { AdminInputError } from './registry.js';

/** Every option of `npm run admin`; each command lists the ones that apply to it (--by applies to all). */
export const cliOptions = {
  name: { type: 'string' }, domains: { type: 'string' }, 'robot-key': { type: 'string' }, prosecutors: { type: 'string' }, chats: { type: 'string' },
  'digest-hour': { type: 'string' }, 'reminder-days': { type: 'string' }, 'due-soon-days': { type: 'string' }, 'follow-up-months': { type: 'string' },
  role: { type: 'string' }, agency: { type: 'string' }, mobile: { type: 'string' },
  ref: { type: 'string' }, title: { type: 'string' }, requirements: { type: 'string' },
  issued: { type: 'string' }, received: { type: 'string' }, urgent: { type: 'boolean' }, 'not-urgent': { type: 'boolean' }, domain: { type: 'string' }, due: { type: 'string' }, reason: { type: 'string' },
  by: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

type OptionKey = keyof typeof cliOptions;
/** An option a command may take. */
export type OptionName = Exclude<OptionKey, 'by' | 'help'>;
/** The options given, by name: text, or true for a switch. */
export type CliOptions = { [K in OptionKey]?: (typeof cliOptions)[K]['type'] extends 'boolean' ? boolean : string };

/** What a command was given, checked against its spec, with the clock it runs by. */
export interface CommandInput {
  /** Positional arguments after the command's words. */
  args: string[];
  options: CliOptions;
  /** Who the change is recorded as made by (--by, else $USER). */
  by: string;
  now: Date;
  /** Today in the configured time zone, YYYY-MM-DD. */
  today: string;
  timeZone: string;
}

/** Where a command writes: its result lines (stdout), and warnings the operator should act on (stderr). */
export interface AdminOutput {
  print(line: string): void;
  warn(line: string): void;
}

/** One operator command: its usage line, what it accepts, and what it does. */
export interface AdminCommand {
  /** The words that name it, e.g. `agency add`. */
  name: string;
  /** What follows the name in the usage, e.g. `<userid> --name <姓名>`. */
  usage?: string;
  /** What it is for or when to run it, shown in parentheses after the usage. */
  note?: string;
  /** Its required positional arguments, named for messages, e.g. ['userid']. */
  args?: string[];
  /** Takes any number of further positional arguments (rules set's name=value pairs). */
  rest?: boolean;
  options?: OptionName[];
  /** Checks the input without the database (throwing AdminInputError) and returns the work to run once connected. */
  prepare(input: CommandInput): (mongo: Connection, out: AdminOutput) => Promise<void>;
}

/** What the operator asked for: the usage (asked for, or nothing given), or one command and its input. */
export type CliRequest = { help: true; asked: boolean } | { help: false; command: AdminCommand; input: CommandInput };

/** The usage text, from the commands' own lines. */
export function usageText(commands: readonly AdminCommand[]): string {
  const lines = commands.map((c) => `  ${[c.name, c.usage].filter(Boolean).join(' ')}${c.note ? `   (${c.note})` : ''}`);
  return [
    'usage: npm run admin -- <command>   (bind WeCom users to staff, register agencies and recommendations, switch rules)',
    '',
    ...lines,
    '',
    'Every change is audited as made by --by <name> (default $USER).',
    'Connects to MONGODB_URI, or to the embedded database that `npm start` runs (DATA_DIR/embedded.json); reads .env as npm start does.',
    '',
  ].join('\n');
}

/** parseArgs' refusals as one line: an unknown option, or one missing its value. */
function parseError(error: unknown): AdminInputError | undefined {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message ?? '')?.[1] ?? 'given';
    return new AdminInputError(`unknown option ${option} (see npm run admin -- help)`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return new AdminInputError(`${(message ?? 'bad option').split('\n')[0]} (see npm run admin -- help)`);
  }
  return undefined;
}

/** The command named by the first positionals (longest name first), and the arguments after its name. */
function findCommand(positionals: string[], commands: readonly AdminCommand[]): { command: AdminCommand; args: string[] } {
  for (const command of [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)) {
    const words = command.name.split(' ');
    if (words.every((word, i) => positionals[i] === word)) return { command, args: positionals.slice(words.length) };
  }
  const [first = '', second] = positionals;
  const group = commands.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.slice(first.length + 1));
  if (group.length) throw new AdminInputError(`unknown command "${first}${second === undefined ? '' : ` ${second}`}"; ${first} takes ${group.join(', ')}`);
  throw new AdminInputError(`unknown command "${first}" (see npm run admin -- help)`);
}

/**
 * Reads the command line: help, or a known command with the positional arguments and options it takes. Refuses
 * anything else with one line (AdminInputError), before any database is reached.
 */
export function parseCli(argv: string[], commands: readonly AdminCommand[], context: { now: Date; today: string; timeZone: string; user?: string }): CliRequest {
  let parsed: { values: CliOptions; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: cliOptions, allowPositionals: true, strict: true });
  } catch (error) {
    throw parseError(error) ?? error;
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) return { help: true, asked: values.help === true };
  if (values.help || positionals[0] === 'help') return { help: true, asked: true };
  const { command, args } = findCommand(positionals, commands);
  const wanted = command.args ?? [];
  if (args.length < wanted.length) throw new AdminInputError(`${command.name} needs <${wanted[args.length]}>`);
  if (args.length > wanted.length && !command.rest) throw new AdminInputError(`unexpected argument "${args[wanted.length]}" after ${command.name}`);
  if (values.urgent && values['not-urgent']) throw new AdminInputError('give --urgent or --not-urgent, not both');
  for (const option of Object.keys(values) as OptionKey[]) {
    if (option !== 'by' && option !== 'help' && !command.options?.includes(option)) throw new AdminInputError(`--${option} does not apply to ${command.name}`);
  }
  const by = values.by?.trim() || context.user || 'operator';
  return { help: false, command, input: { args, options: values, by, now: context.now, today: context.today, timeZone: context.timeZone } };
}

/** The text of a required option, refused when missing or blank. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new AdminInputError(`${flag} is required`);
  return value.trim();
}

/** A comma-separated list (a,b), or undefined when not given. */
export function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A whole number option, or undefined when not given; `abc` is refused here rather than stored as NaN. */
export function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(value)) throw new AdminInputError(`${flag} must be a whole number (got "${value}")`);
  return Number(value);
}

/** A date of something that has happened: a real YYYY-MM-DD day, not after today. */
export function pastDate(value: string | undefined, flag: string, today: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) throw new AdminInputError(`${flag} must be a real date YYYY-MM-DD`);
  if (value > today) throw new AdminInputError(`${flag} ${value} is in the future (today is ${today})`);
  return value;
}
