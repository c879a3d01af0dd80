/**
 * `POST /api/upload`: the bytes of a package `.zip`, kept in the contract's upload store
 * for `plugins.install` to take by id. The size is checked from Content-Length before
 * reading and again while reading, so a client that lies cannot fill the memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UploadStore } from '../contract/uploads.ts';

/** Default upload limit: larger than any package the installer accepts. */
export const DEFAULT_MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export async function handleUpload(request: IncomingMessage, response: ServerResponse, uploads: UploadStore, maxBytes: number, headers: Record<string, string>): Promise<void> {
  const json = (status: number, body: unknown, close = false) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...(close ? { Connection: 'close' } : {}) });
    response.end(text);
  };
  if (request.method !== 'POST') return json(405, { error: { code: 'invalid-argument', message: 'upload a package with POST' } });
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  const tooLarge = { error: { code: 'quota-exceeded', message: `the package is larger than the ${Math.round(maxBytes / 1024 / 1024)} MiB an upload may be` } };
  if (declared > maxBytes) {
    json(413, tooLarge, true);
    return void request.destroy();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      json(413, tooLarge, true);
      return void request.destroy();
    }
    chunks.push(chunk);
  }
  if (size === 0) return json(400, { error: { code: 'invalid-argument', message: 'the upload is empty; send the bytes of a plugin package (.zip)' } });
  const name = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('name') ?? 'upload.zip';
  json(200, { uploadId: uploads.put(new Uint8Array(Buffer.concat(chunks)), name), size });
}
