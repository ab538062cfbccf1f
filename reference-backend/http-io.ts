/**
 * Low-level HTTP helpers: bounded body reading and response writing. Bodies are sent
 * with an explicit Content-Length so keep-alive connections never fall back to chunked
 * encoding, which matters at thousands of requests per second.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;
/** After the limit we keep draining (so the client can read the 413) but not forever. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export type BodyOutcome = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

export function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<BodyOutcome> {
  const declared = Number(req.headers['content-length'] ?? '0');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(tooLarge ? { kind: 'too-large' } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }),
    );
    req.on('error', () => resolve({ kind: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ kind: 'aborted' });
    });
  });
}

export type JsonOutcome = { ok: true; value: unknown } | { ok: false; problem: string };

export function parseJson(text: string): JsonOutcome {
  if (text.trim() === '') return { ok: false, problem: 'request body is empty' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

export const JSON_CONTENT_TYPE = 'application/json';

/** Writes a complete response unless the client is already gone. */
export function writeRaw(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  extraHeaders?: Record<string, string>,
): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  };
  if (extraHeaders !== undefined) Object.assign(headers, extraHeaders);
  res.writeHead(status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
