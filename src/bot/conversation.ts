import type { Redis } from 'ioredis';

/** A question the bot asked and is waiting for the answer to (kept in Redis with a timeout). */
export type Pending =
  /** A command lacked a field (percent, points, case fields …); the next message supplies it. */
  | { kind: 'ask_field'; text: string; field: string; askedAt: number }
  /** A selection card was sent; the click carries the chosen recommendation. */
  | { kind: 'choose'; text: string; sourceId: string; userid: string; askedAt: number };

/** How long the bot waits for the answer to a question. */
export const conversationTtlSeconds = 10 * 60;
/** How long after a question timed out an answer to it is still told that it came too late. */
export const lapsedMemorySeconds = 2 * 3600;
/** How long after a progress update a photo or file still attaches to it. */
export const evidenceWindowSeconds = 30 * 60;
/** How long a selection card can be answered. */
export const choiceTtlSeconds = 24 * 3600;

/** The question asked after 退回 without a reason: its `text` is the 文号 the next free text is the reason to send back. */
export const reviewReasonField = 'review_reason';

/** The offer made when a re-sent 上报 differs from the stored case: its `text` is the 更正 message a 确认 sends. */
export const amendConfirmField = 'amend_confirm';

/**
 * The question asked when a 上报's case number carries the 字号 of another agency's cases: its `text` is the 上报
 * message a 确认 registers as it is.
 */
export const reportConfirmField = 'report_confirm';

/** The question asked after 不予受理: its `text` is the id of the lead the next free text is the reason for. */
export const rejectReasonField = 'lead_reason';
/**
 * How long the bot reads a prosecutor's next free text as the reason of a 不予受理. Longer than other questions: a
 * reason is often written after reading the file. A reason still missing later stays owed on the lead itself and
 * is asked for again (handlers/lead-decision.ts), so expiry loses nothing.
 */
export const rejectReasonTtlSeconds = 60 * 60;

/** Deletes a question only when it waits for the given field, in one step, so a newer question of another kind stays. */
const TAKE_IF_FIELD = `local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local ok, question = pcall(cjson.decode, raw)
if ok and type(question) == 'table' and question.field == ARGV[1] then redis.call('DEL', KEYS[1]) return raw end
return false`;

/** Conversation state of one deployment (prefix), shared by every worker. */
export class Conversations {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(kind: string, id: string): string {
    return `${this.prefix}:conv:${kind}:${id}`;
  }

  async ask(userid: string, pending: Extract<Pending, { kind: 'ask_field' }>): Promise<void> {
    await this.redis.set(this.key('ask', userid), JSON.stringify(pending), 'EX', conversationTtlSeconds);
    // Remembered past its timeout, so an answer that comes too late is told the report or update was not kept.
    await this.redis.set(this.key('asked', userid), JSON.stringify(pending), 'EX', conversationTtlSeconds + lapsedMemorySeconds);
  }

  /**
   * The question this user left unanswered until it timed out (once: it is forgotten as it is told), or undefined
   * when none lapsed — a question still waiting, answered or cancelled is no lapse.
   */
  async lapsedQuestion(userid: string, now: Date): Promise<Extract<Pending, { kind: 'ask_field' }> | undefined> {
    if (await this.redis.exists(this.key('ask', userid))) return undefined;
    const raw = await this.redis.getdel(this.key('asked', userid));
    const asked = raw ? (JSON.parse(raw) as Extract<Pending, { kind: 'ask_field' }>) : undefined;
    return asked && now.getTime() - asked.askedAt >= conversationTtlSeconds * 1000 ? asked : undefined;
  }

  /** The question waiting for this user's answer, left in place for the answer (a photo's placement reads it). */
  async peekQuestion(userid: string): Promise<Extract<Pending, { kind: 'ask_field' }> | undefined> {
    const raw = await this.redis.get(this.key('ask', userid));
    return raw ? (JSON.parse(raw) as Extract<Pending, { kind: 'ask_field' }>) : undefined;
  }

  /** Takes (and clears) the question waiting for this user's answer, if any. */
  async takeQuestion(userid: string): Promise<Extract<Pending, { kind: 'ask_field' }> | undefined> {
    const raw = await this.redis.getdel(this.key('ask', userid));
    // Answered (or replaced by another message): nothing lapses. Asked again, ask() remembers it again.
    if (raw) await this.redis.del(this.key('asked', userid));
    return raw ? (JSON.parse(raw) as Extract<Pending, { kind: 'ask_field' }>) : undefined;
  }

  async clearQuestion(userid: string): Promise<void> {
    await this.redis.del(this.key('ask', userid), this.key('asked', userid));
  }

  /** Asks for the reason of the 不予受理 of `leadId`; the next free text of this user is read as that reason. */
  async askRejectReason(userid: string, leadId: string, askedAt: number): Promise<void> {
    const pending: Extract<Pending, { kind: 'ask_field' }> = { kind: 'ask_field', field: rejectReasonField, text: leadId, askedAt };
    await this.redis.set(this.key('ask', userid), JSON.stringify(pending), 'EX', rejectReasonTtlSeconds);
  }

  /** Takes the question waiting for a 不予受理 reason, if that is the one waiting; any other question stays. */
  async takeRejectReasonQuestion(userid: string): Promise<Extract<Pending, { kind: 'ask_field' }> | undefined> {
    // eval is typed unknown; the script answers the stored JSON string, or nil (null) when nothing was taken.
    const raw = (await this.redis.eval(TAKE_IF_FIELD, 1, this.key('ask', userid), rejectReasonField)) as string | null;
    return raw ? (JSON.parse(raw) as Extract<Pending, { kind: 'ask_field' }>) : undefined;
  }

  async offerChoice(taskId: string, pending: Extract<Pending, { kind: 'choose' }>, forUpdate = false): Promise<void> {
    await this.redis.set(this.key('choice', taskId), JSON.stringify(pending), 'EX', choiceTtlSeconds);
    // Photos sent while an update's card waits belong to the update the click will record (see pendingChoice).
    if (forUpdate) await this.redis.set(this.key('choosing', pending.userid), pending.text, 'EX', conversationTtlSeconds);
  }

  /** The message whose recommendation this user is still to pick on a card (asked within the last 10 minutes). */
  async pendingChoice(userid: string): Promise<string | undefined> {
    return (await this.redis.get(this.key('choosing', userid))) ?? undefined;
  }

  /** The card was answered, or another update recorded instead: photos go by the evidence window again. */
  async clearPendingChoice(userid: string): Promise<void> {
    await this.redis.del(this.key('choosing', userid));
  }

  /**
   * Takes the pending choice of a card for the user it was offered to; only their first click gets it. Another
   * user's click leaves it in place (`foreign`), so it cannot use up someone else's card.
   */
  async takeChoice(taskId: string, userid: string): Promise<{ pending?: Extract<Pending, { kind: 'choose' }>; foreign?: boolean }> {
    const key = this.key('choice', taskId);
    const offered = await this.redis.get(key);
    if (!offered) return {};
    if ((JSON.parse(offered) as Extract<Pending, { kind: 'choose' }>).userid !== userid) return { foreign: true };
    const raw = await this.redis.getdel(key);
    if (raw) await this.clearPendingChoice(userid);
    return raw ? { pending: JSON.parse(raw) as Extract<Pending, { kind: 'choose' }> } : {};
  }

  /**
   * Opens the evidence window: photos and files from this user attach to `progressId`. `seconds` is what is left of
   * it when the window moves back to an earlier update (after 撤回), so moving it never lengthens that update's window.
   */
  async openEvidenceWindow(userid: string, progressId: string, seconds = evidenceWindowSeconds): Promise<void> {
    await this.redis.set(this.key('evidence', userid), progressId, 'EX', Math.max(1, Math.ceil(seconds)));
  }

  async evidenceTarget(userid: string): Promise<string | undefined> {
    return (await this.redis.get(this.key('evidence', userid))) ?? undefined;
  }

  /** Closes the window: a later photo is asked about instead of attached. */
  async closeEvidenceWindow(userid: string): Promise<void> {
    await this.redis.del(this.key('evidence', userid));
  }
}
