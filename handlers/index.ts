import type { Command } from '../src/commands/index.js';
import { matchCommandWord, normalizeText, parseCommand } from '../src/commands/index.js';
import { prosecutorCorrectionHint } from '../src/commands/hints.js';
import type { BotContext, Middleware } from '../src/bot/context.js';
import { updateQuestionFields } from '../src/rectification/handle-update.js';
import { amendConfirmField, conversationTtlSeconds, Conversations, rejectReasonField, reportConfirmField, reviewReasonField } from '../src/bot/conversation.js';
import type { CommandHandler, EventHandler, KindHandler } from '../src/bot/handler.js';
import { identify } from '../src/bot/identify.js';
import { addressedToBot, addressedToOthersText, mentionableNames, readMentions, type GroupText } from '../src/bot/mentions.js';
import { chooseRecommendation } from './choose-recommendation.js';
import { complete } from './complete.js';
import { dropHeld, evidence, handleEvidence, pendingUpdateQuestion } from './evidence.js';
import { answerTextAboutPhotos } from './photo-caption.js';
import { runKeepingEvidence, UPDATES } from './keep-evidence.js';
import { help } from './help.js';
import { progress } from './progress.js';
import { query } from './query.js';
import { reply } from './reply.js';
import { isReportQuestion, keepWaiting, report, REPORT_CANCELLED, tellReportNotRecorded } from './report.js';
import { cancelsQuestion, isNotAnAnswer } from '../src/bot/answers.js';
import { todo } from './todo.js';
import { undo } from './undo.js';
import { amend } from './amend.js';
import { welcome } from './welcome.js';
import { decidesLeads, decisionChangeWindowMs, leadDecision, recordRejectReason } from './lead-decision.js';
import { leads } from './leads.js';
import { stats } from './stats.js';
import { review } from './review.js';
import { parseProsecutorCommand, type ProsecutorCommand } from '../src/commands/prosecutor-commands.js';
import type { ProsecutorCommandHandler } from '../src/bot/handler.js';
import { isAgencyRole } from '../src/models/staff.js';
import { leadDecisions } from '../src/models/lead.js';

/** Every command handler. Adding a command is one new file and one line here. */
// Each handler is typed for its own command variant; dispatch pairs them by `command`, so widening here is sound.
export const commandHandlers: CommandHandler[] = [help, todo, query, progress, complete, reply, report, amend, undo] as CommandHandler[];

/** Every event handler; the first that matches runs. */
export const eventHandlers: EventHandler[] = [chooseRecommendation, leadDecision, welcome];

/** Prosecutors' commands (线索, 统计, 验收/退回). */
// Widened like commandHandlers: dispatch matches each handler to its own command.
export const prosecutorHandlers: ProsecutorCommandHandler[] = [leads, stats, review] as ProsecutorCommandHandler[];

/** Handlers for messages that are not text (photos, files). */
export const kindHandlers: KindHandler[] = [evidence];

/** Commands that only look something up: they leave a question the bot is waiting on open. */
const LOOKUPS: ReadonlySet<string> = new Set(['query', 'todo', 'help']);

/**
 * 15号 60% while the bot waits for 14号's percentage: a message naming its own recommendation is an update of
 * its own. Read as the answer it would put 15号's figures on 14号.
 */
function startsAnotherUpdate(question: { field: string }, cmd: Command): boolean {
  return updateQuestionFields.has(question.field) && cmd.ref !== null && cmd.command !== 'unknown';
}

/**
 * The message that asked, read with its answer. The answer to the percent/stage question gives only the figure
 * or stage (这个我也说不好，大概四成吧 → 40%): the measures stay those of the message that asked. An answer with
 * neither leaves the question as it was, so it is asked again without the answer's words.
 */
function readAnswer(question: { text: string; field: string }, text: string): Command {
  const merged = parseCommand(`${question.text}\n${text}`);
  const asked = parseCommand(question.text);
  if (question.field !== 'percent_or_stage' || merged.command !== 'progress' || asked.command !== 'progress') return merged;
  const answered = merged.percent !== null || merged.stage !== null;
  return { ...merged, text: answered ? merged.text : asked.text, measures: asked.measures, quantities: asked.quantities };
}

/** The answer to 取消 while an update waits for a figure or the points of a reply. */
function cancelledUpdate(question: { text: string }): string {
  const ref = parseCommand(question.text).ref;
  return `好的，已取消${ref ? `关于「${ref}」的` : ''}这条消息，没有记录。`;
}

/**
 * The sender moved on from an update that waited for an answer: say it was not recorded, unless they re-sent it;
 * photos held for it are dropped (they were of that update, not of the next one).
 */
async function tellNotRecorded(ctx: BotContext, questionText: string, cmd: Command): Promise<void> {
  const waiting = parseCommand(questionText).ref;
  if (!waiting || waiting === cmd.ref) return;
  const dropped = await dropHeld(ctx);
  ctx.reply(`之前关于「${waiting}」的消息因缺少内容没有记录；如需记录，请重新完整发送。${dropped}`);
}

/**
 * Reads the command out of a text message. When the bot asked a question and this message does not
 * start a new command (a command word, or an update naming its own recommendation), it is the answer: read
 * together with the message that asked.
 */
/**
 * The text without @mentions (a group's), read with the names of bound staff, which may have a space (@Tony Wang). A
 * voice note WeCom could not recognise arrives with no text: it is a voice note, not an empty message.
 */
async function readableText(ctx: BotContext): Promise<GroupText> {
  const { text, chatType } = ctx.message;
  const names = chatType === 'group' && text && /[@＠]/.test(text) ? await mentionableNames(ctx.services.mongo) : [];
  const read = readMentions(text, chatType, names);
  return ctx.message.kind === 'voice' && !read.text?.trim() ? { ...read, text: undefined } : read;
}

const parse: Middleware = async (ctx, next) => {
  const { kind } = ctx.message;
  const { text, toOthers } = await readableText(ctx);
  // @衔接助手 @张三 14号现在…你报一下60%还是70%: a question to a colleague, not the sender's report (nor the answer to a question).
  const addressed = toOthers ? addressedToBot(text ?? '') : 'command';
  if (addressed === null) return ctx.reply(addressedToOthersText);
  // A mixed message's text is read too when it has photos: 进度 21号 50% … with a photo is an update and its evidence.
  if (text !== undefined && (kind === 'text' || kind === 'voice' || kind === 'mixed')) {
    const prosecutorCommand = parseProsecutorCommand(text, { refFirst: !isAgencyRole(ctx.staff!.role) });
    if (prosecutorCommand) {
      ctx.parsed = prosecutorCommand;
      return next();
    }
    const normalized = normalizeText(text);
    // 21号现场照片如下 says what photos show: not an update lacking its figure (nor the answer to one).
    let cmd = parseCommand(text);
    if (isAgencyRole(ctx.staff!.role) && (await answerTextAboutPhotos(ctx, text, cmd, matchCommandWord(normalized) !== null))) return;
    const conversations = new Conversations(ctx.services.redis, ctx.services.config.QUEUE_PREFIX);
    // @衔接助手 @张三 14号进展如何 is answered, but answers no question the bot is waiting on, which stays open.
    const taken = addressed === 'lookup' ? undefined : await conversations.takeQuestion(ctx.staff!._id);
    // The answer to a question that timed out: told that what it answers was not kept, not just "not understood".
    if (!taken && cmd.command === 'unknown') {
      const lapsed = await conversations.lapsedQuestion(ctx.staff!._id, ctx.now);
      if (lapsed && (isReportQuestion(lapsed) || updateQuestionFields.has(lapsed.field))) return ctx.reply(lapsedQuestionText(lapsed));
    }
    const offer = taken?.field === amendConfirmField || taken?.field === reportConfirmField ? taken : undefined;
    if (offer) {
      const answer = answerConfirmation(normalized);
      if (answer === 'yes') {
        const confirmed = parseCommand(offer.text);
        const confirmsPrefix = offer.field === reportConfirmField && (confirmed.command === 'report' || confirmed.command === 'amend');
        ctx.parsed = confirmsPrefix ? { ...confirmed, prefixConfirmed: true } : confirmed;
        return next();
      }
      if (answer === 'no') return ctx.reply(parseCommand(offer.text).command === 'report' ? '好的，这次上报没有登记。如案号有误，请用正确的案号重新发送「上报」。' : '好的，没有更正，案件保持已登记的内容。');
      // Read as usual below. A 字号 question lapsing is said (the report is not registered); the correction offer said
      // already that any other reply makes no correction.
      if (offer.field === reportConfirmField) ctx.reply(lapsedOffer(offer));
    }
    // An offer to correct a case, or to register one, lapses with any other message, which is read as usual.
    const waiting = offer ? undefined : taken;
    // 更正 <案号> 罚款：… starts with no command word, yet is a command, not an answer to what was asked.
    const word = matchCommandWord(normalized) ?? (cmd.command === 'amend' ? { command: 'amend' as const, word: '', rest: normalized, glued: false } : null);
    // A reason often starts with a command word (查明…, 已完成…, 撤销…): only a bare word or a complete command
    // (查询 9号) is a command then.
    const isCommand = word !== null && (word.rest.trim() === '' || (cmd.command !== 'unknown' && cmd.missing.length === 0));
    let dropped = false;
    if (waiting && (waiting.field === rejectReasonField || waiting.field === reviewReasonField)) {
      const answered = await answerProsecutorQuestion(ctx, conversations, waiting, text, isCommand, cmd);
      if (answered === 'done') return;
      if (answered === 'run') return next();
      dropped = answered === 'dropped';
    }
    const question = dropped ? undefined : waiting;
    // 查一下再告诉你 starts with 查 but is chatter while an answer is awaited, not a 查询 that would drop the question.
    const chatter = word !== null && !isCommand && isNotAnAnswer(normalized);
    const answering = question && (!word || chatter) && !startsAnotherUpdate(question, cmd);
    if (answering && cancelsQuestion(normalized)) {
      if (isReportQuestion(question)) return ctx.reply(REPORT_CANCELLED);
      return ctx.reply(`${cancelledUpdate(question)}${await dropHeld(ctx)}`);
    }
    if (answering && isReportQuestion(question) && isNotAnAnswer(normalized)) return keepWaiting(ctx, question);
    if (answering) cmd = readAnswer(question, text);
    else if (question && updateQuestionFields.has(question.field) && LOOKUPS.has(cmd.command)) {
      // 查询 21号 before answering: a look-up, not news; the update still waits for its answer.
      await conversations.ask(ctx.staff!._id, question);
      ctx.parsed = cmd;
      await next();
      const waiting = parseCommand(question.text).ref;
      ctx.reply(`（${waiting ? `关于「${waiting}」的` : ''}那条消息还在等您补充，直接回复即可；回复「取消」可放弃。）`);
      return;
    } else if (question && updateQuestionFields.has(question.field)) await tellNotRecorded(ctx, question.text, cmd);
    else if (question && isReportQuestion(question)) tellReportNotRecorded(ctx, question, cmd);
    ctx.parsed = cmd;
  }
  await next();
};

/**
 * The answer to a prosecutor's question — the reason of a 不予受理 or of a 退回 — when this message is one. Another
 * command first (统计, 查询 …) leaves the question open for the message after; 取消 a 退回 sends nothing back.
 * 'done' when answered here, 'run' when `ctx.parsed` is set to the command the answer makes, 'read' when the
 * message is to be read as usual, 'dropped' when it is to be read as usual with the question gone.
 */
async function answerProsecutorQuestion(ctx: BotContext, conversations: Conversations, question: { field: string; text: string; askedAt: number }, text: string, isCommand: boolean, cmd: Command): Promise<'done' | 'run' | 'read' | 'dropped'> {
  const normalized = normalizeText(text);
  // From agency staff, anything the parser read (9号 60% … with no command word) is a message of their own.
  if (!decidesLeads(ctx.staff!.role)) return dropFormerProsecutorQuestion(ctx, question, normalized, isCommand || cmd.command !== 'unknown');
  if (question.field === rejectReasonField) {
    if (!isCommand) {
      await recordRejectReason(ctx, question.text, normalized);
      return 'done';
    }
    await conversations.askRejectReason(ctx.staff!._id, question.text, question.askedAt);
    return 'read';
  }
  if (isCommand) return 'read';
  if (cancelsQuestion(normalized)) {
    ctx.reply(`好的，${question.text} 没有退回。`);
    return 'done';
  }
  ctx.parsed = parseProsecutorCommand(`退回 ${question.text} ${text}`, { refFirst: false }) ?? undefined;
  return 'run';
}

/**
 * A question asked while the sender was a prosecutor, answered after they were rebound as agency staff: the reason
 * of a 不予受理 or of a 退回 is the procuratorate's to give, so the question is dropped (not asked again). Their own
 * commands are read as usual; words meant as the answer are refused, saying why.
 */
async function dropFormerProsecutorQuestion(ctx: BotContext, question: { field: string; text: string }, normalized: string, readable: boolean): Promise<'done' | 'dropped'> {
  if (readable) return 'dropped';
  if (question.field === rejectReasonField) await recordRejectReason(ctx, question.text, normalized);
  else ctx.reply(`这条消息没有作为退回 ${question.text} 的原因记录：您的账号现登记为执法单位人员，「验收」「退回」由检察官使用。如有疑问，请联系${ctx.services.config.ADMIN_CONTACT}。`);
  return 'done';
}

/** The answer to an offer (a correction of a re-sent case, a case number with another agency's 字号): 确认 takes it, 取消 or 不用 declines. */
function answerConfirmation(text: string): 'yes' | 'no' | 'other' {
  const bare = text.replace(/[\s。.!！~，,、]+/g, '');
  if (/^(?:好的?|是的?|对的?)?(?:确认|确定)(?:吧|的|登记|更正|无误)?$/.test(bare)) return 'yes';
  if (/^(?:更正|登记|是|是的|对|对的|好|好的|可以|同意|ok|是本单位的(?:案件)?|是我们(?:单位)?的(?:案件)?)$/i.test(bare)) return 'yes';
  if (cancelsQuestion(text) || /^(?:不用|不要|不更正|不用了|算了|否|不)$/.test(bare) || /^(?:不是|不对|错了|写错了|案号(?:写)?错了)/.test(bare)) return 'no';
  return 'other';
}

/** What did not happen when an offer lapsed with another message: the report not registered, the correction not made. */
/** What a question that timed out leaves: nothing recorded, and how to send it again. */
function lapsedQuestionText(question: { field: string; text: string }): string {
  const minutes = conversationTtlSeconds / 60;
  const asked = parseCommand(question.text);
  if (asked.command === 'report') {
    const number = asked.fields.caseNumber;
    return `这条消息没有记录：刚才${number ? `案号「${number}」的` : '的'}上报等您补充超过 ${minutes} 分钟，已不再等待，没有登记。请重新发送完整的「上报」内容（案号、当事人、违法事实等）。`;
  }
  return `这条消息没有记录：刚才的「${question.text}」等您补充超过 ${minutes} 分钟，已不再等待，没有记录。请重新发送完整的一条，例如「进度 14号 60% 已恢复林地120亩」。`;
}

function lapsedOffer(offer: { field: string; text: string }): string {
  const offered = parseCommand(offer.text);
  if (offered.command === 'report') {
    const number = offered.fields.caseNumber;
    return `（刚才${number ? `案号「${number}」的` : '的'}上报没有登记。如确是贵单位的案件，请重新发送「上报」并回复「确认」。）`;
  }
  const number = offered.command === 'amend' ? offered.caseNumber : undefined;
  return `（刚才提出的${number ? `案件 ${number} 的` : ''}更正没有进行，案件保持已登记的内容。）`;
}

const isProsecutorCommand = (cmd: Command | ProsecutorCommand): cmd is ProsecutorCommand => cmd.command === 'leads' || cmd.command === 'stats' || cmd.command === 'review';

/**
 * Text with photos or files in one message (how group chats deliver photos): the text's command runs first, and
 * the media become the evidence of the update it recorded. Media with text that records no update (a question was
 * asked, another command) are not attached to some earlier update: the sender is told they were not kept.
 */
async function mixedWithMedia(ctx: BotContext, cmd: Command | undefined): Promise<void> {
  const evidence = kindHandlers.find((h) => h.kinds.includes('mixed'))!;
  const handler = cmd && cmd.command !== 'unknown' ? commandHandlers.find((h) => h.command === cmd.command) : undefined;
  if (!cmd || !handler) return evidence.handle(ctx);
  const { before, after } = await runKeepingEvidence(ctx, handler, cmd);
  if (UPDATES.has(cmd.command) && after !== undefined && (after === ctx.message.id || after !== before)) return evidence.handle(ctx);
  // The update waits for its figure: its photos wait with it.
  if (UPDATES.has(cmd.command) && (await pendingUpdateQuestion(ctx))) return handleEvidence(ctx);
  // A mixed message carries images only (WeCom's msg_item has text and image).
  const what = '照片';
  ctx.reply(UPDATES.has(cmd.command)
    ? `这条消息里的${what}没有保存：进展还没有记录。按上面的提示补充后，请重新发送${what}，将作为证据附在该条进展上。`
    : `这条消息里的${what}没有作为证据保存。证据请在报告进展（「进度」或「完成」）时一起发送，或在报告后 30 分钟内发送。`);
}

/** What is said to a message the bot cannot record: it must not read as received and kept. */
const NOT_RECORDABLE: Partial<Record<string, string>> = {
  voice: '没能识别这条语音，语音消息也不能作为记录保存，没有记录。请改发文字（如「进度 14号 60% 已恢复林地120亩」），或发送照片、文件。',
  location: '位置消息不能作为记录保存，没有记录。如需报告现场地点，请用文字写明（如「进度 21号 60% 银湖街道某矿点已复绿」）；现场照片可以直接发送。',
  link: '链接不能作为记录保存（不会打开链接读取内容），没有记录。请把要点用文字发送，或把文件本身发送过来。',
};

/** What agency staff are told when they use a prosecutor's command, naming the command they used. */
function agencyRefusal(cmd: ProsecutorCommand): string {
  if (cmd.command === 'review') return '「验收」「退回」由检察官审核整改时使用。整改完成后请发送「完成 <文号> <说明>」报告，检察官审核后会通知您。';
  if (cmd.command === 'leads' && cmd.decision) {
    return `线索的「${leadDecisions[cmd.decision.action]}」等决定由检察官作出，您无权操作，本条没有记录。执法单位可以发送「待办」查看本单位的检察建议。`;
  }
  return '「线索」「统计」由检察官使用。执法单位可以发送「待办」查看本单位的检察建议。';
}

/** Runs the handler for the parsed command, event or message kind, with a polite answer when there is none. */
const dispatch: Middleware = async (ctx) => {
  const { message } = ctx;
  if (message.kind === 'event') {
    const handler = eventHandlers.find((h) => h.events.includes(message.event?.name ?? '') && (h.matches?.(ctx) ?? true));
    if (handler) await handler.handle(ctx);
    return;
  }
  const cmd = ctx.parsed as Command | ProsecutorCommand | undefined;
  if (message.kind === 'mixed' && message.media?.length && (!cmd || !isProsecutorCommand(cmd))) return mixedWithMedia(ctx, cmd);
  if (cmd && (cmd.command === 'leads' || cmd.command === 'stats' || cmd.command === 'review')) {
    if (isAgencyRole(ctx.staff!.role)) {
      ctx.reply(agencyRefusal(cmd));
      return;
    }
    const handler = prosecutorHandlers.find((h) => h.command === cmd.command);
    return handler?.handle(ctx, cmd);
  }
  if (!cmd) {
    const handler = kindHandlers.find((h) => h.kinds.includes(message.kind));
    if (handler) return handler.handle(ctx);
    ctx.reply(NOT_RECORDABLE[message.kind] ?? '这条消息没有可以记录的内容。请发送文字、照片或文件；发送「帮助」查看可以办理的事项。');
    return;
  }
  const handler = commandHandlers.find((h) => h.command === cmd.command);
  if (handler) {
    await runKeepingEvidence(ctx, handler, cmd);
    return;
  }
  // A prosecutor is shown the prosecutor's commands: the agencies' progress example is no answer to them.
  if (!isAgencyRole(ctx.staff!.role) && cmd.command === 'unknown') {
    ctx.reply(cmd.suggested === 'undo' ? prosecutorCorrectionHint(decisionChangeWindowMs / 60_000) : '抱歉，没有看懂这条消息。发送「帮助」查看可以办理的事项，例如「线索」「验收 14号」「退回 14号 <原因>」「统计」。');
    return;
  }
  ctx.reply(cmd.hint ?? '抱歉，没有看懂这条消息。发送「帮助」查看可以办理的事项，例如「进度 14号 60% 已恢复林地120亩」。');
};

/** The handler chain every message goes through: identify → parse → handler. */
export function buildChain(options: { contact: string }): Middleware[] {
  return [identify(options.contact), parse, dispatch];
}
