/** Child side of sync-probe.ts: reads one request as JSON on stdin, prints the result as JSON. */
import { httpGet, type HttpGetRequest } from './http-get';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as HttpGetRequest;
  process.stdout.write(JSON.stringify(await httpGet(request)));
}

void main();
