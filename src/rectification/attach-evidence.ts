import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { FetchedMedia } from '../media/fetch-media.js';
import { evidenceModel, progressModel, type EvidenceRef, type ProgressRecord } from '../models/progress.js';
import { recommendationModel } from '../models/recommendation.js';

/**
 * Stores a photo or file once per content hash and attaches it to a progress update, once per message.
 * Returns the update with its evidence, or undefined when the update no longer exists.
 */
export async function attachEvidence(mongo: Connection, progressId: string, file: FetchedMedia, meta: { messageId: string; by: string; now: Date }): Promise<{ progress: ProgressRecord; evidence: EvidenceRef } | undefined> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  await evidenceModel(mongo).updateOne(
    { _id: sha256 },
    { $setOnInsert: { bytes: file.bytes, contentType: file.contentType, size: file.bytes.length, storedAt: meta.now } },
    { upsert: true },
  );
  const evidence: EvidenceRef = { sha256, filename: file.filename, contentType: file.contentType, size: file.bytes.length, messageId: meta.messageId, at: meta.now };
  const existing = await progressModel(mongo).findById(progressId).lean();
  if (!existing) return undefined;
  // A redelivered photo finds itself attached already. Read, then written by `_id` alone: a condition on
  // evidence.messageId in the update would make FerretDB v1 read every update; one message is handled by one
  // job at a time (its job id is the message id), so nothing else attaches this photo in between.
  const same = existing.evidence.find((e) => e.messageId === meta.messageId);
  if (same) return { progress: existing, evidence: same };
  const updated = await progressModel(mongo).findOneAndUpdate({ _id: progressId }, { $push: { evidence } }, { returnDocument: 'after' }).lean();
  if (!updated) return undefined;
  await recommendationModel(mongo).updateOne(
    { _id: updated.recommendation },
    { $push: { history: { at: meta.now, by: meta.by, action: 'evidence', sourceId: meta.messageId, detail: { progress: progressId, sha256, filename: file.filename } } } },
  );
  return { progress: updated, evidence };
}
