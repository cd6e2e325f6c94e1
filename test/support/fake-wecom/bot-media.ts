import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { asRecord, nonEmptyString, opaqueId, unixSeconds, type FakeContext } from './context.js';
import { attachment, type Route } from './http-kit.js';

/** A file the bot uploaded over the long connection (aibot_upload_media_*). */
export interface BotMedia {
  type: string;
  filename: string;
  bytes: Buffer;
}

/** Outcome of one upload step: an ack body, or why WeCom would refuse it (errcode + detail). */
export type UploadStep = { body: Record<string, unknown> } | { errcode: number; detail?: string };

/** Media flowing over the long connection, both ways. */
export interface BotMediaStore {
  /** The encrypted download URL of inbound images and files. */
  downloadRoute: Route;
  /** Serves `bytes` encrypted under a fresh aeskey at a URL valid 5 minutes, as inbound media arrive. */
  publish(bytes: Buffer, filename?: string): { url: string; aeskey: string };
  init(body: unknown): UploadStep;
  chunk(body: unknown): UploadStep;
  finish(body: unknown): UploadStep;
  get(mediaId: string): BotMedia | undefined;
}

const downloadTtlMs = 5 * 60_000;
const chunkLimit = 512 * 1024;

/**
 * Encrypts like WeCom's long-connection media, which the SDK's downloadFile undoes: AES-256-CBC, key = the
 * base64-decoded aeskey, IV = its first 16 bytes, PKCS#7 padding to 32-byte blocks, no random prefix or length.
 */
export function encryptBotMedia(bytes: Buffer): { aeskey: string; encrypted: Buffer } {
  const key = randomBytes(32);
  const padLength = 32 - (bytes.length % 32);
  const padded = Buffer.concat([bytes, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return { aeskey: key.toString('base64'), encrypted: Buffer.concat([cipher.update(padded), cipher.final()]) };
}

interface UploadSession {
  type: string;
  filename: string;
  totalSize: number;
  md5?: string;
  chunks: Map<number, Buffer>;
  totalChunks: number;
}

/** Creates the long connection's media side. */
export function createBotMediaStore(ctx: FakeContext): BotMediaStore {
  const downloads = new Map<string, { encrypted: Buffer; filename?: string; expiresAt: number }>();
  const sessions = new Map<string, UploadSession>();
  const uploaded = new Map<string, BotMedia>();

  return {
    downloadRoute: {
      method: 'GET',
      path: '/aibot/download',
      handle(request) {
        const entry = downloads.get(request.query.fileid ?? '');
        // The real URLs are signed object-storage links: an expired one is refused with 403.
        if (!entry || ctx.now() > entry.expiresAt) {
          return { status: 403, bytes: Buffer.from('Request has expired'), headers: { 'content-type': 'text/plain' } };
        }
        const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
        if (entry.filename) headers['content-disposition'] = attachment(entry.filename);
        return { status: 200, bytes: entry.encrypted, headers };
      },
    },
    publish(bytes, filename) {
      const { aeskey, encrypted } = encryptBotMedia(bytes);
      const fileid = opaqueId(24);
      downloads.set(fileid, { encrypted, filename, expiresAt: ctx.now() + downloadTtlMs });
      return { url: `${ctx.apiBase()}/aibot/download?fileid=${fileid}`, aeskey };
    },
    init(value) {
      const body = asRecord(value);
      const type = String(body?.type);
      const filename = nonEmptyString(body?.filename);
      const totalChunks = Number(body?.total_chunks);
      if (!['file', 'image', 'voice', 'video'].includes(type)) return { errcode: 40004, detail: `type ${type}` };
      if (!filename) return { errcode: 40058, detail: 'filename missing' };
      if (!Number.isInteger(totalChunks) || totalChunks < 1 || totalChunks > 100) return { errcode: 40058, detail: 'total_chunks must be 1..100' };
      const uploadId = opaqueId(18);
      const md5 = typeof body?.md5 === 'string' ? body.md5 : undefined;
      sessions.set(uploadId, { type, filename, totalSize: Number(body?.total_size), md5, chunks: new Map(), totalChunks });
      return { body: { upload_id: uploadId } };
    },
    chunk(value) {
      const body = asRecord(value);
      const session = sessions.get(String(body?.upload_id));
      if (!session) return { errcode: 40058, detail: 'upload_id invalid' };
      // The SDK numbers chunks from 0 (its type comment says from 1; the code is what goes on the wire).
      const index = Number(body?.chunk_index);
      if (!Number.isInteger(index) || index < 0 || index >= session.totalChunks) return { errcode: 40058, detail: `chunk_index ${index}` };
      const bytes = Buffer.from(String(body?.base64_data ?? ''), 'base64');
      if (bytes.length === 0 || bytes.length > chunkLimit) return { errcode: 40058, detail: 'chunk must be 1 byte to 512 KB' };
      session.chunks.set(index, bytes);
      return { body: {} };
    },
    finish(value) {
      const uploadId = String(asRecord(value)?.upload_id);
      const session = sessions.get(uploadId);
      if (!session) return { errcode: 40058, detail: 'upload_id invalid' };
      if (session.chunks.size !== session.totalChunks) return { errcode: 40058, detail: 'chunks missing' };
      const bytes = Buffer.concat([...session.chunks.entries()].sort(([a], [b]) => a - b).map(([, chunk]) => chunk));
      if (bytes.length !== session.totalSize) return { errcode: 40058, detail: 'total_size mismatch' };
      if (session.md5 && createHash('md5').update(bytes).digest('hex') !== session.md5) return { errcode: 40058, detail: 'md5 mismatch' };
      sessions.delete(uploadId);
      const mediaId = `3${opaqueId(36)}`;
      uploaded.set(mediaId, { type: session.type, filename: session.filename, bytes });
      return { body: { type: session.type, media_id: mediaId, created_at: String(unixSeconds(ctx.now())) } };
    },
    get: (mediaId) => uploaded.get(mediaId),
  };
}
