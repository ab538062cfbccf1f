/**
 * An in-process backend plus a tiny fetch client, for tests that want the server without
 * a child process. Misses cost nothing by default so suites stay fast.
 */
import type { ReferenceBackendOptions } from './options';
import { createReferenceBackend, type ReferenceBackend } from './server';

export const ARTILLERY_USER_AGENT = 'Artillery (https://artillery.io)';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body, or undefined when the body is not JSON. Typed loosely: tests probe arbitrary shapes. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallInit {
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body), for malformed payloads. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface InProcessBackend {
  backend: ReferenceBackend;
  url: string;
  /** Sends as an Artillery load client unless headers say otherwise. */
  call(method: string, path: string, init?: CallInit): Promise<Answer>;
  close(): Promise<void>;
}

export async function startInProcess(options: Partial<ReferenceBackendOptions> = {}): Promise<InProcessBackend> {
  const backend = createReferenceBackend({ missLatencyMs: 0, heavyMissLatencyMs: 0, ...options });
  const { url } = await backend.listen(0, '127.0.0.1');
  return {
    backend,
    url,
    async call(method, path, init = {}) {
      const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { 'user-agent': ARTILLERY_USER_AGENT, 'content-type': 'application/json', ...init.headers },
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    close: () => backend.close(),
  };
}
