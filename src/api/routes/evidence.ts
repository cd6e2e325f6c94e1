import { isGenericType, sniffType } from '../../media/sniff-type.js';
import { evidenceModel, progressModel } from '../../models/progress.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import type { ApiRouter } from '../router.js';

// What a browser may render inline; anything else downloads, so stored files cannot run script on this origin.
const inlineTypes = /^image\/(jpeg|png|gif|webp)$/;

/** Evidence photos and files, visible to whoever may see the update they belong to. */
export function evidenceRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/api/evidence/:sha256', tag: '检察建议', summary: '证据照片或文件的原始内容', roles: ['admin', 'prosecutor', 'agency_admin'], produces: ['binary'],
    async handle({ params, principal, ctx }) {
      const sha256 = /^[0-9a-f]{64}$/.test(params.sha256 ?? '') ? params.sha256! : undefined;
      const owner = sha256 ? await progressModel(deps.mongo).findOne({ 'evidence.sha256': sha256, ...(principal.role === 'agency_admin' ? { agency: principal.agency } : {}) }, { agency: 1, evidence: 1 }).lean() : null;
      const blob = owner ? await evidenceModel(deps.mongo).findById(sha256).lean() : null;
      if (!owner || !blob) throw notFound('该证据');
      const ref = owner.evidence.find((e) => e.sha256 === sha256);
      // lean() hands back the driver's BSON Binary, not a Buffer.
      const stored = blob.bytes as unknown as Buffer | { buffer: Uint8Array };
      const bytes = Buffer.isBuffer(stored) ? stored : Buffer.from(stored.buffer);
      // Photos received over the long connection before their type was read from the bytes were stored as
      // octet-stream without a name: the bytes say what they are, so such a photo still opens as a photo.
      const sniffed = isGenericType(blob.contentType) ? sniffType(bytes) : undefined;
      const type = sniffed?.contentType ?? (blob.contentType || 'application/octet-stream');
      ctx.type = inlineTypes.test(type) ? type : 'application/octet-stream';
      ctx.set('x-content-type-options', 'nosniff');
      ctx.set('cache-control', 'private, max-age=86400, immutable');
      const filename = ref?.filename ?? `${sha256!}${sniffed ? `.${sniffed.extension}` : ''}`;
      if (!inlineTypes.test(type)) ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
      ctx.body = bytes;
      return undefined;
    },
  });
}
