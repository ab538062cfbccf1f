/**
 * Entry point: `node --import tsx reference-backend/cli.ts [options]` or the compiled
 * `node dist/reference-backend/cli.js`. Prints exactly one line once listening
 * (launch.ts waits for it) and shuts down cleanly on SIGINT/SIGTERM.
 */
import { parseOptions } from './options';
import { createReferenceBackend } from './server';

export const LISTENING_PREFIX = 'reference-backend listening on ';

async function main(): Promise<void> {
  const outcome = parseOptions(process.argv.slice(2), process.env);
  if (outcome.kind === 'help') {
    process.stdout.write(`${outcome.text}\n`);
    return;
  }
  if (outcome.kind === 'error') {
    process.stderr.write(`error: ${outcome.message}\n`);
    process.exitCode = 2;
    return;
  }
  const backend = createReferenceBackend(outcome.options);
  let address: { url: string };
  try {
    address = await backend.listen();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: cannot listen on ${outcome.options.host}:${outcome.options.port}: ${reason}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${LISTENING_PREFIX}${address.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // close() drops keep-alive sockets too, so this resolves promptly; the timer is a backstop.
    const backstop = setTimeout(() => process.exit(0), 3000);
    backstop.unref();
    backend.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
