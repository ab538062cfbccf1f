/**
 * Main process: the live view (LOADTEST_LIVE_PORT). For the length of the
 * run it serves, on 127.0.0.1 unless LOADTEST_LIVE_HOST says otherwise:
 *   GET /           the report of the run so far (report/live-page.ts)
 *   GET /live.json  the snapshot the terminal prints, as JSON, and the verdict once the run has ended
 *   GET /events     Server-Sent Events: one per reporting period, and the end
 * Nothing leaves the machine: the page loads nothing from elsewhere (its CSP
 * allows only this server), and a token never reaches a model or a page.
 * The server never keeps the process alive (unref) and stops at the end of
 * the run, Ctrl-C included, after telling open pages the verdict.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIVE_EVENTS, LIVE_PATHS, type LiveFinal, type LiveState } from '../../../report/live-protocol';
import type { LiveSnapshot } from '../../../report/progress';
import { LIVE_PORT_ENV, type LiveSettings } from '../../../core/settings';

/** Time the pages get to receive the verdict before the server closes. */
const FINAL_FLUSH_MS = 300;
/**
 * The last period's event makes every open page reload, and the verdict
 * follows within a second: the server waits (up to this long) for pages that
 * loaded, or were told to reload, to come back for their events and be told.
 */
const FINAL_LINGER_MAX_MS = 3_000;
const RELOAD_GRACE_MS = 1_500;

export interface LiveContent {
  snapshot(): LiveSnapshot;
  page(): string;
}

export class LiveServer {
  private readonly server: http.Server;
  private readonly streams = new Set<http.ServerResponse>();
  private final: LiveFinal | undefined;
  private finalState: LiveState | undefined;
  private lastPage: { periods: number; html: string } | undefined;
  /** Pages served that have not opened their event stream yet (a reload in progress). */
  private pagesAwaitingEvents = 0;
  private lastPeriodAt = 0;

  constructor(
    private readonly content: LiveContent,
    settings: LiveSettings,
    onListening: (url: string) => void,
    onError: (message: string) => void,
  ) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.message;
      onError(`${LIVE_PORT_ENV}=${settings.port}: cannot serve the live view on ${settings.host}: ${why}`);
    });
    this.server.listen(settings.port, settings.host, () => {
      const address = this.server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      onListening(`http://${host}:${address.port}/`);
    });
    this.server.unref();
  }

  /** A reporting period arrived: tell the open pages. */
  periodArrived(): void {
    this.lastPeriodAt = Date.now();
    this.broadcast(LIVE_EVENTS.period, this.state());
  }

  /** The run ended: the verdict to the open pages, then the server stops. */
  async finish(final: LiveFinal): Promise<void> {
    this.final = final;
    this.finalState = { ...this.content.snapshot(), final };
    this.broadcast(LIVE_EVENTS.final, this.finalState);
    // A page reloading now reconnects and is told at once (openStream).
    const deadline = Date.now() + FINAL_LINGER_MAX_MS;
    do await new Promise((resolve) => setTimeout(resolve, FINAL_FLUSH_MS));
    while (Date.now() < deadline && this.pagesMayBeReloading());
    this.close();
  }

  private pagesMayBeReloading(): boolean {
    return this.pagesAwaitingEvents > 0 || Date.now() - this.lastPeriodAt < RELOAD_GRACE_MS;
  }

  close(): void {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    this.server.close();
    this.server.closeAllConnections();
  }

  private state(): LiveState {
    return this.finalState ?? this.content.snapshot();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    res.setHeader('cache-control', 'no-store');
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    try {
      if (path === LIVE_PATHS.snapshot) return this.json(res, this.state());
      if (path === LIVE_PATHS.events) return this.openStream(res);
      if (path === LIVE_PATHS.page) return this.html(res);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`live view: ${(error as Error).message}\n`);
    }
  }

  private json(res: http.ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /** The page is rendered once per period, however many browsers ask. */
  private html(res: http.ServerResponse): void {
    const periods = this.state().periods;
    if (!this.lastPage || this.lastPage.periods !== periods) this.lastPage = { periods, html: this.content.page() };
    this.pagesAwaitingEvents++;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(this.lastPage.html);
  }

  private openStream(res: http.ServerResponse): void {
    this.pagesAwaitingEvents = Math.max(0, this.pagesAwaitingEvents - 1);
    res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' });
    res.write(': live view of a crm-loadtest run\n\n');
    if (this.final) {
      res.end(event(LIVE_EVENTS.final, this.state()));
      return;
    }
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
  }

  private broadcast(name: string, state: LiveState): void {
    const message = event(name, state);
    for (const stream of this.streams) stream.write(message);
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
