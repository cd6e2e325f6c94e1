/**
 * npm run admin -- <command>: the operators' CLI (bind WeCom users to staff, register agencies and
 * recommendations, switch rules). `npm run admin -- help` prints the commands; each is one entry in
 * src/admin/cli-commands.ts, with its usage line beside it.
 *
 * The command line is read and checked before the database is reached, so help and input errors need none.
 * Exit codes: 0 done (or help asked for), 2 refused input, or rules reseed / cases reindex refused while a bot of
 * other code runs on the embedded database (one `admin: …` line), 1 anything else (one line; the stack too when
 * DEBUG is set).
 */
import { connectMongo } from '../src/db/connect.js';
import { localDate } from '../src/calendar/local-date.js';
import { parseCli, usageText } from '../src/admin/cli-args.js';
import { adminCommands } from '../src/admin/cli-commands.js';
import { adminMongoUri, loadDotEnv, OtherCodeRunningError, refuseOtherCodeRunning, releaseCommands } from '../src/admin/database.js';
import { AdminInputError } from '../src/admin/registry.js';
import { RuleChangeError } from '../src/leads/rule-store.js';

// `list … | head` closes the pipe early: that ends the listing, not in a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  const timeZone = process.env.TZ || 'Asia/Shanghai';
  const now = new Date();
  const request = parseCli(argv, adminCommands, { now, today: localDate(now, timeZone), timeZone, user: process.env.USER });
  if (request.help) {
    (request.asked ? process.stdout : process.stderr).write(usageText(adminCommands));
    return request.asked ? 0 : 2;
  }
  const work = request.command.prepare(request.input);
  if (releaseCommands.includes(request.command.name)) refuseOtherCodeRunning(process.env, process.cwd(), request.command.name);
  const mongo = await connectMongo(adminMongoUri(process.env, process.cwd()));
  try {
    await work(mongo, { print: (line) => console.log(line), warn: (line) => console.error(`admin: ${line}`) });
  } finally {
    await mongo.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const refused = error instanceof AdminInputError || error instanceof RuleChangeError || error instanceof OtherCodeRunningError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`admin: ${message.split('\n')[0]}\n`);
    if (!refused && process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exit(refused ? 2 : 1);
  },
);
