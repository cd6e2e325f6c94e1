import { createHash } from 'node:crypto';

/** A file type read from a file's first bytes, with the extension a file of that type is named with. */
export interface SniffedType {
  contentType: string;
  extension: string;
}

const ascii = (text: string) => Buffer.from(text, 'latin1');

/** Signatures ("magic numbers") of what staff send as evidence: photos and PDF scans. */
const signatures: Array<SniffedType & { matches(bytes: Buffer): boolean }> = [
  { contentType: 'image/jpeg', extension: 'jpg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { contentType: 'image/png', extension: 'png', matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { contentType: 'image/gif', extension: 'gif', matches: (b) => b.subarray(0, 6).equals(ascii('GIF87a')) || b.subarray(0, 6).equals(ascii('GIF89a')) },
  { contentType: 'image/webp', extension: 'webp', matches: (b) => b.subarray(0, 4).equals(ascii('RIFF')) && b.subarray(8, 12).equals(ascii('WEBP')) },
  { contentType: 'application/pdf', extension: 'pdf', matches: (b) => b.subarray(0, 5).equals(ascii('%PDF-')) },
];

/**
 * The type of a file as its bytes say (JPEG, PNG, GIF, WebP, PDF), or undefined when they match none of these.
 *
 * @example sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])) → { contentType: 'image/jpeg', extension: 'jpg' }
 */
export function sniffType(bytes: Buffer): SniffedType | undefined {
  const found = signatures.find((signature) => signature.matches(bytes));
  return found && { contentType: found.contentType, extension: found.extension };
}

/** True for a type that says nothing about the content: none, or the octet-stream the long connection's storage answers. */
export function isGenericType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream' || type === 'application/x-download';
}

/**
 * The type and name a received file is kept under. When the channel gives no real type (the long connection's
 * downloads are all octet-stream), the bytes decide, so a photo is shown as a photo; when it gives no name (photos
 * never have one), the file is named for what it is and its content: 照片-1a2b3c4d.jpg, 文件-1a2b3c4d.pdf.
 */
export function identifyFile(bytes: Buffer, given: { contentType?: string; filename?: string }): { contentType: string; filename?: string } {
  const sniffed = sniffType(bytes);
  const contentType = given.contentType && !isGenericType(given.contentType) ? given.contentType : (sniffed?.contentType ?? 'application/octet-stream');
  if (given.filename || !sniffed) return { contentType, filename: given.filename };
  const noun = sniffed.contentType.startsWith('image/') ? '照片' : '文件';
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  return { contentType, filename: `${noun}-${hash}.${sniffed.extension}` };
}
