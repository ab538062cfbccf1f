/**
 * One bounded HTTP GET: the only way the plugin talks to a backend. Never
 * throws; every failure comes back as a reason a person can act on.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpGetRequest {
  url: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}

export type HttpGetResult =
  | { ok: true; status: number; contentType: string; body: string; elapsedMs: number }
  | { ok: false; reason: string; elapsedMs: number };

/** Bodies past this size are cut: a stats endpoint answers a few hundred bytes. */
const MAX_BODY_BYTES = 1_000_000;

export function describeNetworkError(error: unknown, url: string, timeoutMs: number): string {
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer from ${host} within ${timeoutMs} ms`;
  if (code === 'ECONNREFUSED')
    return `connection refused by ${host} (nothing listens there: is the backend running, is the port right?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host name not found: ${host}`;
  if (code === 'ECONNRESET') return `connection reset by ${host}`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${host} is unreachable from this machine`;
  return `${err.cause?.message ?? err.message ?? String(error)}${code ? ` (${code})` : ''}`;
}

/**
 * node:http rather than fetch: fetch refuses some ports outright ("bad
 * port", e.g. 6000) and hides the socket error codes behind `cause`.
 */
export function httpGet(request: HttpGetRequest): Promise<HttpGetResult> {
  const started = performance.now();
  const elapsedMs = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      resolve({ ok: false, reason: `not a URL: ${request.url}`, elapsedMs: 0 });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { headers: request.headers, timeout: request.timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () =>
        resolve({
          ok: true,
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
          elapsedMs: elapsedMs(),
        }),
      );
      res.on('error', (error) =>
        resolve({
          ok: false,
          reason: describeNetworkError(error, request.url, request.timeoutMs),
          elapsedMs: elapsedMs(),
        }),
      );
    });
    // `timeout` above fires on socket inactivity; this bounds the whole exchange.
    const deadline = setTimeout(
      () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })),
      request.timeoutMs,
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', (error) =>
      resolve({
        ok: false,
        reason: describeNetworkError(error, request.url, request.timeoutMs),
        elapsedMs: elapsedMs(),
      }),
    );
    req.on('close', () => clearTimeout(deadline));
  });
}
