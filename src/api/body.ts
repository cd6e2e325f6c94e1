import type { Context } from 'koa';
import { ApiError } from './errors.js';

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
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', '请求体不是有效的 JSON');
  }
}
