import type { IncomingMessage, ServerResponse } from 'node:http';

/** A file part of a multipart/form-data upload. */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** One HTTP call as a route sees it. */
export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body; undefined without a body. */
  body: unknown;
  /** A body was sent but it is not JSON (and not multipart). */
  invalidJson: boolean;
  /** File parts of a multipart body. */
  files: UploadedFile[];
}

/** What a route answers: JSON (WeCom's usual) or raw bytes (media downloads). */
export type ApiResult =
  | { status: number; json: Record<string, unknown> }
  | { status: number; bytes: Buffer; headers: Record<string, string> };

/** One endpoint of the fake. */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** Largest body accepted, in bytes (2 MB unless set). */
  bodyLimit?: number;
  handle(request: ApiRequest): ApiResult;
}

/** Reads a body up to `limit` bytes; a larger one is drained (so the client sees our answer) and reported. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The file parts of a multipart/form-data body (text fields are ignored: WeCom uploads carry none). */
export function parseMultipart(body: Buffer, contentType: string): UploadedFile[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const files: UploadedFile[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part sits between the CRLF after one delimiter and the CRLF before the next.
    const file = parsePart(body.subarray(partStart + 2, next - 2));
    if (file) files.push(file);
    start = next;
  }
  return files;
}

function parsePart(part: Buffer): UploadedFile | undefined {
  const headerEnd = part.indexOf('\r\n\r\n');
  if (headerEnd === -1) return undefined;
  const headers = part.subarray(0, headerEnd).toString('utf8');
  const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
  const field = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  const extended = /\bfilename\*=utf-8''([^;\s]+)/i.exec(disposition)?.[1];
  const filename = extended ? decodeURIComponent(extended) : /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
  if (field === undefined || filename === undefined) return undefined;
  const contentType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() || 'application/octet-stream';
  return { field, filename, contentType, bytes: part.subarray(headerEnd + 4) };
}

/** Writes a route's answer. */
export function writeResult(res: ServerResponse, result: ApiResult): void {
  if ('json' in result) {
    const text = JSON.stringify(result.json);
    res.writeHead(result.status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(result.status, { ...result.headers, 'content-length': result.bytes.length });
  res.end(result.bytes);
}

/**
 * A Content-Disposition naming a file. Header values cannot carry raw UTF-8, so the name is percent-encoded in
 * both forms; the aibot SDK reads `filename*=UTF-8''…` first and decodes either form.
 */
export function attachment(filename: string): string {
  const encoded = encodeURIComponent(filename);
  return `attachment; filename="${encoded}"; filename*=UTF-8''${encoded}`;
}
