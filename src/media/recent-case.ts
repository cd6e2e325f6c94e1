import type { Redis } from 'ioredis';

/** How long after a 上报 or 更正 a photo is taken as meant for that case rather than for an earlier update. */
export const recentCaseSeconds = 30 * 60;

/**
 * The case a sender just registered or corrected by chat (上报 / 更正). Cases hold no photos: a photo sent right
 * after one is most likely of that case, and must not land unannounced on the sender's last progress update.
 */
export class RecentCase {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(userid: string): string {
    return `${this.prefix}:media:case:${userid}`;
  }

  async remember(userid: string, caseNumber: string, at: Date): Promise<void> {
    await this.redis.set(this.key(userid), JSON.stringify({ caseNumber, at: at.getTime() }), 'EX', recentCaseSeconds);
  }

  /**
   * The case, while it is the sender's last record: every photo after it is kept off earlier updates (staff send
   * several photos of a case one by one), until the sender points photos at an update again (a caption, a new update).
   */
  async get(userid: string): Promise<{ caseNumber: string; at: Date } | undefined> {
    const raw = await this.redis.get(this.key(userid));
    if (!raw) return undefined;
    // Written by remember().
    const { caseNumber, at } = JSON.parse(raw) as { caseNumber: string; at: number };
    return { caseNumber, at: new Date(at) };
  }

  async forget(userid: string): Promise<void> {
    await this.redis.del(this.key(userid));
  }
}
