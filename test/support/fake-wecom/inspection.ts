import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Routes under /__fake/ let another process (npm run simulate, a person with curl) see what the fake
 * received and give it a user's media, as the demo's in-process tests do through the object API.
 * They are not WeCom paths and are never recorded.
 */
export interface InspectionDeps {
  requests: () => unknown[];
  addMedia: (media: { bytes: Buffer; filename: string }) => string;
}

export const inspectionPrefix = '/__fake/';

export async function serveInspection(req: IncomingMessage, res: ServerResponse, url: URL, deps: InspectionDeps): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'GET' && url.pathname === '/__fake/requests') {
    const all = deps.requests();
    const after = Math.max(0, Number(url.searchParams.get('after') ?? 0) || 0);
    send(200, { total: all.length, requests: all.slice(after) });
    return;
  }
  if (req.method === 'POST' && url.pathname === '/__fake/media') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const filename = url.searchParams.get('filename') ?? 'upload.bin';
    send(200, { media_id: deps.addMedia({ bytes: Buffer.concat(chunks), filename }) });
    return;
  }
  send(404, { error: 'unknown inspection path' });
}
