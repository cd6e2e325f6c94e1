/**
 * npm run simulate -- --user <userid> "<text>"     a text message
 * npm run simulate -- --user <userid> --image <file>  a photo
 * npm run simulate -- --user <userid> --event <name> [--key <EventKey>] [--task <TaskId>]
 * npm run simulate -- --help
 *
 * Sends a message to the bot that `npm run demo` left running, exactly as WeCom would (signed,
 * encrypted callback), and prints what the bot answered, as the fake WeCom recorded it.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCallback, eventXml, imageXml, postCallback, textXml } from '../test/support/wecom-callback.js';
import { readSession, defaultSessionFile } from './lib/demo-session.js';
import { describeOutbound, type Recorded } from './lib/transcript.js';

const usage = `usage: npm run simulate -- --user <userid> "<text>"            a text message
       npm run simulate -- --user <userid> --image <file>         a photo
       npm run simulate -- --user <userid> --event <name> [--key <EventKey>] [--task <TaskId>]

Sends a message to the bot that "npm run demo" left running, exactly as WeCom would (signed, encrypted
callback), and prints what the bot answered. The demo's users include zhangsan (林业局), lisi (自然资源局)
and wangjc (王检察官).

  --user <userid>   who sends it (required)
  --image <file>    send this photo instead of a text
  --event <name>    send this event (enter_agent, template_card_event …) instead of a text
  --key <EventKey>  the event's key (a card button's key)
  --task <TaskId>   the event's card task id
  --session <file>  the demo's session file (default ${defaultSessionFile})
  --wait <ms>       how long to wait for answers (default 10000)
  --help            this text

The bot runs on its own clock (the running demo's): a message is handled on today's date.`;

const options = {
  user: { type: 'string' },
  image: { type: 'string' },
  event: { type: 'string' },
  key: { type: 'string' },
  task: { type: 'string' },
  session: { type: 'string', default: defaultSessionFile },
  wait: { type: 'string', default: '10000' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options and text; a wrong option ends the run with a line and the usage, not a stack trace. */
function readArgs() {
  try {
    return parseArgs({ allowPositionals: true, options });
  } catch (error) {
    // parseArgs's message tells how to pass a text starting with "-": after "--".
    console.error(`error: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
}

const { values, positionals } = readArgs();
if (values.help) {
  console.log(usage);
  process.exit(0);
}

async function recorded(fakeUrl: string, after: number): Promise<{ total: number; requests: Recorded[] }> {
  const response = await fetch(`${fakeUrl}/__fake/requests?after=${after}`);
  return (await response.json()) as { total: number; requests: Recorded[] };
}

async function main(): Promise<void> {
  const user = values.user;
  if (!user || (!values.image && !values.event && positionals.length === 0)) {
    console.error(`error: ${user ? 'nothing to send: give a text, --image or --event' : '--user is required'}\n\n${usage}`);
    process.exit(2);
  }
  const s = readSession(values.session);
  const base = { corpId: s.corpId, agentId: s.agentId, from: user };
  const msgId = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  let xml: string;
  let shown: string;
  if (values.image) {
    const bytes = readFileSync(values.image);
    const upload = await fetch(`${s.fakeUrl}/__fake/media?filename=${encodeURIComponent(basename(values.image))}`, { method: 'POST', body: bytes });
    const { media_id: mediaId } = (await upload.json()) as { media_id: string };
    xml = imageXml({ ...base, mediaId, picUrl: `${s.fakeUrl}/pic/${mediaId}`, msgId });
    shown = `[图片] ${basename(values.image)} (${bytes.length} bytes)`;
  } else if (values.event) {
    xml = eventXml({ ...base, event: values.event, eventKey: values.key, taskId: values.task });
    shown = `[事件] ${values.event}${values.key ? ` ${values.key}` : ''}`;
  } else {
    const content = positionals.join(' ');
    xml = textXml({ ...base, content, msgId });
    shown = content;
  }

  const mark = (await recorded(s.fakeUrl, 0)).total;
  console.log(`→ ${user}: ${shown}`);
  const response = await postCallback(s.botUrl, buildCallback({ token: s.token, aesKey: s.aesKey, corpId: s.corpId, agentId: s.agentId, xml }));
  console.log(`  callback answered HTTP ${response.status}`);

  // Print what the bot sends until it has been quiet for 1.5 s (or the wait runs out).
  const deadline = Date.now() + Number(values.wait);
  let seen = mark;
  let quietSince = Date.now();
  let printed = 0;
  while (Date.now() < deadline && (printed === 0 || Date.now() - quietSince < 1500)) {
    const { total, requests } = await recorded(s.fakeUrl, seen);
    seen = total;
    for (const request of requests) {
      const line = describeOutbound(request);
      if (line) {
        console.log(line);
        printed++;
        quietSince = Date.now();
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (printed === 0) console.log('  (the bot sent nothing)');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
