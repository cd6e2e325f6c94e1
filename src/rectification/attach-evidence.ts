import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { evidenceWindowSeconds } from '../bot/conversation.js';
import type { FetchedMedia } from '../media/fetch-media.js';
import { evidenceModel, progressModel, type EvidenceRef, type ProgressRecord } from '../models/progress.js';
import { recommendationModel } from '../models/recommendation.js';
import { reviewedSince } from './reviewed-since.js';

/**
 * What became of a photo or file: `attached` (now, or by the first delivery of this same message), `repeat` (the
 * same content, by SHA-256, was already evidence of this update and is not added again) or `revoked` (the update
 * was taken back; nothing attached).
 */
export type AttachOutcome = { outcome: 'attached' | 'repeat' | 'revoked'; progress: ProgressRecord; evidence: EvidenceRef };

/**
 * The update as staff name it in a reply: 文号 and whether it is the completion or which progress, e.g.
 * "富检行公建[2021]21号 的完成报告", "富检行公建[2021]21号 的进展（进度 60%：已关停矿点3处）".
 */
export function describeUpdate(progress: Pick<ProgressRecord, 'ref' | 'kind' | 'percent' | 'stage' | 'measures'>): string {
  if (progress.kind === 'complete') return `${progress.ref} 的完成报告`;
  if (progress.kind === 'reply') return `${progress.ref} 的书面回复`;
  const figure = progress.percent !== undefined ? `进度 ${progress.percent}%` : (progress.stage ?? '');
  const what = [figure, progress.measures].filter(Boolean).join('：');
  return `${progress.ref} 的进展${what ? `（${what}）` : ''}`;
}

/**
 * The update a photo from `userid` attaches to: the one the evidence window names while it stands; when that one
 * was taken back (撤回), the sender's latest update still standing, still within its own 30 minutes and not reviewed
 * by a prosecutor since (a completion accepted two minutes ago is no place for photos the sender did not aim at it),
 * so a photo never lands on a withdrawn update. Returns the update and the seconds left of its window.
 */
export async function evidenceTarget(mongo: Connection, userid: string, windowTarget: string | undefined, now: Date): Promise<{ progress: ProgressRecord; secondsLeft: number } | undefined> {
  if (!windowTarget) return undefined;
  const named = await progressModel(mongo).findById(windowTarget).lean();
  // The named update's window is Redis's to time.
  if (named && !named.revoked) return { progress: named, secondsLeft: secondsLeftOf(named, now) };
  // A fallback must still be within its own window.
  const since = new Date(now.getTime() - evidenceWindowSeconds * 1000);
  const standing = await progressModel(mongo).find({ author: userid, kind: { $in: ['progress', 'complete'] }, revoked: { $exists: false }, createdAt: { $gt: since } }).sort({ createdAt: -1, _id: -1 }).lean();
  for (const progress of standing) {
    if (!(await reviewedSince(mongo, progress))) return { progress, secondsLeft: secondsLeftOf(progress, now) };
  }
  return undefined;
}

const secondsLeftOf = (progress: ProgressRecord, now: Date) => evidenceWindowSeconds - (now.getTime() - progress.createdAt.getTime()) / 1000;

/** A photo or file made a piece of evidence: its bytes stored once under their SHA-256, and the reference an update keeps. */
export async function storeEvidence(mongo: Connection, file: FetchedMedia, meta: { messageId: string; now: Date }): Promise<EvidenceRef> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  await evidenceModel(mongo).updateOne(
    { _id: sha256 },
    { $setOnInsert: { bytes: file.bytes, contentType: file.contentType, size: file.bytes.length, storedAt: meta.now } },
    { upsert: true },
  );
  return { sha256, filename: file.filename, contentType: file.contentType, size: file.bytes.length, messageId: meta.messageId, at: meta.now };
}

/**
 * Stores a photo or file once per content hash and attaches it to a progress update, once per message and once
 * per content. Returns undefined when the update no longer exists.
 */
export async function attachEvidence(mongo: Connection, progressId: string, file: FetchedMedia, meta: { messageId: string; by: string; now: Date }): Promise<AttachOutcome | undefined> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const existing = await progressModel(mongo).findById(progressId).lean();
  if (!existing) return undefined;
  // A redelivered photo finds itself attached already; a revoked or repeated one is not stored again.
  const early = settledBefore(existing, sha256, meta.messageId);
  if (early) return early;
  return attachStored(mongo, progressId, await storeEvidence(mongo, file, meta), meta.by);
}

/** The outcome known before writing: attached by an earlier delivery of the message, update revoked, content already there. */
function settledBefore(existing: ProgressRecord, sha256: string, messageId: string): AttachOutcome | undefined {
  const same = existing.evidence.find((e) => e.messageId === messageId);
  if (same) return { outcome: 'attached', progress: existing, evidence: same };
  if (existing.revoked) return { outcome: 'revoked', progress: existing, evidence: { sha256, contentType: '', size: 0, messageId, at: existing.createdAt } };
  // The same photo sent twice is one piece of evidence, not two.
  const repeat = existing.evidence.find((e) => e.sha256 === sha256);
  if (repeat) return { outcome: 'repeat', progress: existing, evidence: repeat };
  return undefined;
}

/**
 * Attaches evidence already stored (see {@link storeEvidence}) to a progress update: a photo sent before the update
 * it belongs to, held until that update was recorded. Returns undefined when the update no longer exists.
 */
export async function attachStored(mongo: Connection, progressId: string, evidence: EvidenceRef, by: string): Promise<AttachOutcome | undefined> {
  const existing = await progressModel(mongo).findById(progressId).lean();
  if (!existing) return undefined;
  // Read, then written by `_id` alone: a condition on evidence.messageId in the update would make FerretDB v1 read
  // every update; one message is handled by one job at a time (its job id is the message id), so nothing else
  // attaches this photo in between.
  const early = settledBefore(existing, evidence.sha256, evidence.messageId);
  if (early) return early.outcome === 'revoked' ? { ...early, evidence } : early;
  const updated = await progressModel(mongo).findOneAndUpdate({ _id: progressId }, { $push: { evidence } }, { returnDocument: 'after' }).lean();
  if (!updated) return undefined;
  if (updated.revoked) {
    // 撤回 ran between the read and the write: take the photo off again rather than leave it on a withdrawn update.
    const restored = await progressModel(mongo).findOneAndUpdate({ _id: progressId }, { $pull: { evidence: { messageId: evidence.messageId } } }, { returnDocument: 'after' }).lean();
    return { outcome: 'revoked', progress: restored ?? updated, evidence };
  }
  await recommendationModel(mongo).updateOne(
    { _id: updated.recommendation },
    { $push: { history: { at: evidence.at, by, action: 'evidence', sourceId: evidence.messageId, detail: { progress: progressId, sha256: evidence.sha256, filename: evidence.filename } } } },
  );
  return { outcome: 'attached', progress: updated, evidence };
}
