import type { IncomingMessage } from 'node:http';
import { CallbackRejected } from '../wecom/callback-crypto.js';

// Fatal: invalid bytes are refused, not silently replaced by U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a request body up to `limit` bytes; a larger one is refused with 413 before it is all read. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new CallbackRejected(413, `body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.destroy();
      throw new CallbackRejected(413, `body over ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new CallbackRejected(400, 'body is not valid UTF-8');
  }
}
