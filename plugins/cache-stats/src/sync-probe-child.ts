/** Child side of sync-probe.ts: reads one RawRead as JSON on stdin, prints the result as JSON. */
import { performRawRead, type RawRead } from './stats-source';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const read = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RawRead;
  process.stdout.write(JSON.stringify(await performRawRead(read)));
}

void main();
