// The live view's server on its own (plugins/crm/src/live-server.ts): its settings, its routes,
// its events and its end, over real HTTP on a free port, with a stand-in for the run's figures.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, test } from 'node:test';
import { readLiveSettings } from '../../core/settings';
import { LiveServer } from '../../plugins/crm/src/live-server';
import type { LiveFinal } from '../../report/live-protocol';
import type { LiveSnapshot } from '../../report/progress';

describe('LOADTEST_LIVE_PORT / LOADTEST_LIVE_HOST', () => {
  const cases: Array<[Record<string, string>, unknown]> = [
    [{}, undefined],
    [{ LOADTEST_LIVE_PORT: '8089' }, { port: 8089, host: '127.0.0.1' }],
    [
      { LOADTEST_LIVE_PORT: '0', LOADTEST_LIVE_HOST: '0.0.0.0' },
      { port: 0, host: '0.0.0.0' },
    ],
    [{ LOADTEST_LIVE_PORT: '80a' }, /LOADTEST_LIVE_PORT must be a port number from 0 to 65535 \(got "80a"\)/],
    [{ LOADTEST_LIVE_PORT: '70000' }, /got "70000"/],
    [{ LOADTEST_LIVE_PORT: '' }, /got ""/],
  ];
  for (const [env, expected] of cases)
    test(JSON.stringify(env), () => {
      if (expected instanceof RegExp) assert.throws(() => readLiveSettings(env), expected);
      else assert.deepEqual(readLiveSettings(env), expected);
    });
});

function snapshot(periods: number): LiveSnapshot {
  return {
    run: 'baseline',
    elapsedSeconds: periods * 10,
    plannedSeconds: 300,
    users: { active: 100, planned: 100 },
    requests: periods * 500,
    failed: 0,
    errorRatePct: 0,
    p95Ms: 12,
    lastPeriod: { requestsPerSecond: 50, p95Ms: 12 },
    cacheHitRatePct: 90,
    periods,
    targets: [],
  };
}

function start(content: { periods: number; pages: number }) {
  return new Promise<{ server: LiveServer; url: string }>((resolve, reject) => {
    const server: LiveServer = new LiveServer(
      {
        snapshot: () => snapshot(content.periods),
        page: () => `<html>page ${++content.pages} at ${content.periods}</html>`,
      },
      { port: 0, host: '127.0.0.1' },
      (url) => resolve({ server, url }),
      (message) => reject(new Error(message)),
    );
  });
}

/** The first `count` events of GET /events, as [name, data]. */
function readEvents(url: string, count: number): Promise<Array<[string, unknown]>> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}events`, (res) => {
        const events: Array<[string, unknown]> = [];
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (name && data) events.push([name, JSON.parse(data)]);
            if (events.length === count) {
              res.destroy();
              resolve(events);
            }
          }
        });
        res.on('end', () => resolve(events));
      })
      .on('error', reject);
  });
}

describe('the live server', () => {
  const final: LiveFinal = {
    result: 'PASS',
    exitCode: 0,
    verdictText: 'LOAD TEST RESULTS ...',
    reportPath: 'reports/x/report.html',
    interrupted: false,
  };

  test('GET /live.json, GET / once per period, events per period and at the end, then it stops', async () => {
    const content = { periods: 1, pages: 0 };
    const { server, url } = await start(content);
    assert.deepEqual(await (await fetch(`${url}live.json`)).json(), snapshot(1));
    const page = await fetch(url);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await page.text(), '<html>page 1 at 1</html>');
    assert.equal(await (await fetch(url)).text(), '<html>page 1 at 1</html>', 'rendered once per period');
    assert.equal((await fetch(`${url}nothing`)).status, 404);
    assert.equal((await fetch(`${url}live.json`, { method: 'POST' })).status, 405);

    const events = readEvents(url, 2);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the stream is open
    content.periods = 2;
    server.periodArrived();
    await server.finish(final);
    assert.deepEqual(await events, [
      ['period', snapshot(2)],
      ['final', { ...snapshot(2), final }],
    ]);
    await assert.rejects(fetch(`${url}live.json`), 'the server has stopped');
  });

  test('a port in use: the error names the variable, the port and the reason', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const message = await new Promise<string>((resolve) => {
        new LiveServer(
          { snapshot: () => snapshot(0), page: () => '' },
          { port, host: '127.0.0.1' },
          () => resolve('listening'),
          resolve,
        );
      });
      assert.equal(message, `LOADTEST_LIVE_PORT=${port}: cannot serve the live view on 127.0.0.1: the port is in use`);
    } finally {
      blocker.close();
    }
  });
});
