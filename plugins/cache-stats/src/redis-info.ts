/**
 * `INFO stats` from a Redis server, for backends that expose no stats
 * endpoint. A minimal RESP client (one connection per read, AUTH and
 * SELECT when the URL asks for them): the plugin needs three commands, not
 * a client library.
 */
import net from 'node:net';
import tls from 'node:tls';
import { describeNetworkError } from './http-get';

export interface RedisTarget {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  db?: number;
}

export function parseRedisUrl(raw: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`redisUrl "${raw}" is not a URL (expected redis://host:6379)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new Error(`redisUrl "${raw}" must start with redis:// or rediss://`);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new Error(`redisUrl "${raw}": the path must be a database number`);
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    tls: url.protocol === 'rediss:',
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
  };
}

/** A RESP array of bulk strings: how Redis wants a command. */
export function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

type Reply = { kind: 'ok'; value: string | number | null } | { kind: 'error'; message: string };

/**
 * One complete reply at the start of `buffer` (simple, error, integer or bulk string), or undefined if more bytes are
 * needed.
 */
export function decodeReply(buffer: Buffer): { reply: Reply; rest: Buffer } | undefined {
  const lineEnd = buffer.indexOf('\r\n');
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[0] ?? 0);
  const line = buffer.subarray(1, lineEnd).toString('utf8');
  const after = buffer.subarray(lineEnd + 2);
  if (type === '+') return { reply: { kind: 'ok', value: line }, rest: after };
  if (type === '-') return { reply: { kind: 'error', message: line }, rest: after };
  if (type === ':') return { reply: { kind: 'ok', value: Number(line) }, rest: after };
  if (type === '$') {
    const length = Number(line);
    if (length < 0) return { reply: { kind: 'ok', value: null }, rest: after };
    if (after.length < length + 2) return undefined;
    return {
      reply: { kind: 'ok', value: after.subarray(0, length).toString('utf8') },
      rest: after.subarray(length + 2),
    };
  }
  return { reply: { kind: 'error', message: `unexpected reply type "${type}"` }, rest: Buffer.alloc(0) };
}

export type RedisResult = { ok: true; replies: Array<string | number | null> } | { ok: false; reason: string };

/** Sends the commands on one connection and collects one reply each; the first error reply stops it. */
export function redisCommands(target: RedisTarget, commands: string[][], timeoutMs: number): Promise<RedisResult> {
  const where = `redis://${target.host}:${target.port}`;
  const preamble: string[][] = [];
  if (target.password !== undefined)
    preamble.push(target.username ? ['AUTH', target.username, target.password] : ['AUTH', target.password]);
  if (target.db !== undefined) preamble.push(['SELECT', String(target.db)]);
  const all = [...preamble, ...commands];
  return new Promise((resolve) => {
    const socket = target.tls
      ? tls.connect({ host: target.host, port: target.port, servername: target.host })
      : net.connect({ host: target.host, port: target.port });
    let buffer: Buffer = Buffer.alloc(0);
    const replies: Array<string | number | null> = [];
    let settled = false;
    const finish = (result: RedisResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, reason: `no answer from ${where} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on(target.tls ? 'secureConnect' : 'connect', () => socket.write(all.map(encodeCommand).join('')));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let decoded = decodeReply(buffer); decoded; decoded = decodeReply(buffer)) {
        buffer = decoded.rest;
        if (decoded.reply.kind === 'error') {
          // Never echo the AUTH command: only Redis's own message.
          return finish({ ok: false, reason: `${where} answered an error: ${decoded.reply.message}` });
        }
        replies.push(decoded.reply.value);
        if (replies.length === all.length) return finish({ ok: true, replies: replies.slice(preamble.length) });
      }
    });
    socket.on('error', (error) =>
      finish({ ok: false, reason: describeNetworkError(error, `http://${target.host}:${target.port}`, timeoutMs) }),
    );
    socket.on('close', () => finish({ ok: false, reason: `${where} closed the connection before answering` }));
  });
}

/** `INFO stats` as text (keyspace_hits, keyspace_misses, ...). */
export async function readRedisInfoStats(
  redisUrl: string,
  timeoutMs: number,
): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  const result = await redisCommands(parseRedisUrl(redisUrl), [['INFO', 'stats']], timeoutMs);
  if (!result.ok) return result;
  const text = result.replies[0];
  return typeof text === 'string' ? { ok: true, text } : { ok: false, reason: 'INFO stats gave no text' };
}
