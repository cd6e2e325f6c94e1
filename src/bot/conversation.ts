import type { Redis } from 'ioredis';

/** A question the bot asked and is waiting for the answer to (kept in Redis with a timeout). */
export type Pending =
  /** A command lacked a field (percent, points, case fields …); the next message supplies it. */
  | { kind: 'ask_field'; text: string; field: string; askedAt: number }
  /** A selection card was sent; the click carries the chosen recommendation. */
  | { kind: 'choose'; text: string; sourceId: string; userid: string; askedAt: number };

/** How long the bot waits for the answer to a question. */
export const conversationTtlSeconds = 10 * 60;
/** How long after a progress update a photo or file still attaches to it. */
export const evidenceWindowSeconds = 30 * 60;
/** How long a selection card can be answered. */
export const choiceTtlSeconds = 24 * 3600;

/** Conversation state of one deployment (prefix), shared by every worker. */
export class Conversations {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(kind: string, id: string): string {
    return `${this.prefix}:conv:${kind}:${id}`;
  }

  async ask(userid: string, pending: Extract<Pending, { kind: 'ask_field' }>): Promise<void> {
    await this.redis.set(this.key('ask', userid), JSON.stringify(pending), 'EX', conversationTtlSeconds);
  }

  /** Takes (and clears) the question waiting for this user's answer, if any. */
  async takeQuestion(userid: string): Promise<Extract<Pending, { kind: 'ask_field' }> | undefined> {
    const raw = await this.redis.getdel(this.key('ask', userid));
    return raw ? (JSON.parse(raw) as Extract<Pending, { kind: 'ask_field' }>) : undefined;
  }

  async clearQuestion(userid: string): Promise<void> {
    await this.redis.del(this.key('ask', userid));
  }

  async offerChoice(taskId: string, pending: Extract<Pending, { kind: 'choose' }>): Promise<void> {
    await this.redis.set(this.key('choice', taskId), JSON.stringify(pending), 'EX', choiceTtlSeconds);
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
    return raw ? { pending: JSON.parse(raw) as Extract<Pending, { kind: 'choose' }> } : {};
  }

  /** Opens the evidence window: photos and files from this user attach to `progressId`. */
  async openEvidenceWindow(userid: string, progressId: string): Promise<void> {
    await this.redis.set(this.key('evidence', userid), progressId, 'EX', evidenceWindowSeconds);
  }

  async evidenceTarget(userid: string): Promise<string | undefined> {
    return (await this.redis.get(this.key('evidence', userid))) ?? undefined;
  }
}
