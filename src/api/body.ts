import type { Context } from 'koa';
import { ApiError } from './errors.js';

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Fatal: invalid bytes are refused, not stored as U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Largest JSON body the API accepts. */
export const apiBodyLimit = 256 * 1024;

/** Reads and parses a JSON request body (at most 256 KB); 400/413/415 with a readable message otherwise. */
export async function readJsonBody(ctx: Context): Promise<unknown> {
  const type = ctx.get('content-type');
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type', '请求体必须是 JSON（Content-Type: application/json）');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > apiBodyLimit) throw new ApiError(413, 'body_too_large', '请求体过大（上限 256 KB）');
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError(400, 'invalid_utf8', '请求体不是有效的 UTF-8 文本');
  }
  let wellFormed = true;
  let value: unknown;
  try {
    // A lone surrogate (\ud800) is valid JSON but not text; it would be stored altered.
    value = JSON.parse(text, (_key, v: unknown) => ((wellFormed &&= typeof v !== 'string' || !loneSurrogate.test(v)), v));
  } catch {
    throw new ApiError(400, 'invalid_json', '请求体不是有效的 JSON');
  }
  if (!wellFormed) throw new ApiError(400, 'invalid_utf8', '请求体含有无效的 Unicode 字符');
  return value;
}
