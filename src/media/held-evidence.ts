import type { Redis } from 'ioredis';
import type { EvidenceRef } from '../models/progress.js';

/**
 * How long a photo sent before its update waits for that update. Staff often send the photo first and the text
 * after, or a photo while the bot still asks for the figure of the update they are reporting.
 */
export const heldEvidenceSeconds = 10 * 60;

/** A photo or file held for its sender's next update, with the agency they sent it for. */
export interface HeldItem {
  evidence: EvidenceRef;
  /**
   * The sender's agency when they sent it: a photo sent for one agency does not become evidence of another's record
   * after a rebinding. Absent on items held before it was recorded.
   */
  agency?: string;
}

/**
 * Photos and files held for the update their sender is about to record (stored as evidence blobs already, not yet
 * on any update). Kept in Redis per sender, so every worker sees them, and gone after {@link heldEvidenceSeconds}.
 */
export class HeldEvidence {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(userid: string): string {
    return `${this.prefix}:media:held:${userid}`;
  }

  /** Holds one piece of evidence sent for `agency`; a redelivered message is held once. */
  async hold(userid: string, evidence: EvidenceRef, agency: string): Promise<number> {
    const held = await this.list(userid);
    if (held.some((item) => item.evidence.messageId === evidence.messageId)) return held.length;
    const count = await this.redis.rpush(this.key(userid), JSON.stringify({ ...evidence, heldFor: agency }));
    await this.redis.expire(this.key(userid), heldEvidenceSeconds);
    return count;
  }

  async list(userid: string): Promise<HeldItem[]> {
    return (await this.redis.lrange(this.key(userid), 0, -1)).map(parse);
  }

  /**
   * Takes (and clears) what is held, in one step, so two workers cannot both attach it; what was held longer than
   * {@link heldEvidenceSeconds} by the injected clock is dropped (Redis times the key by its own clock).
   */
  async take(userid: string, now: Date): Promise<HeldItem[]> {
    const result = await this.redis.multi().lrange(this.key(userid), 0, -1).del(this.key(userid)).exec();
    // exec() types each answer unknown; LRANGE answers a list of strings.
    const held = ((result?.[0]?.[1] ?? []) as string[]).map(parse);
    return held.filter((item) => now.getTime() - item.evidence.at.getTime() <= heldEvidenceSeconds * 1000);
  }
}

function parse(raw: string): HeldItem {
  // Written by hold() from an EvidenceRef and the agency; the date comes back as a string.
  const { heldFor, ...evidence } = JSON.parse(raw) as EvidenceRef & { at: string; heldFor?: string };
  return { evidence: { ...evidence, at: new Date(evidence.at) }, ...(heldFor === undefined ? {} : { agency: heldFor }) };
}
