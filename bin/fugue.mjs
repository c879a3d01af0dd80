#!/usr/bin/env node
// The `fugue` command: the host with no window. TypeScript sources run through tsx's loader.
import { register } from 'tsx/esm/api';

// The device output keeps one libuv threadpool thread blocked in PortAudio while a stream is
// open; the pool is created on first use, so widening it here (before any I/O) is in time.
process.env.UV_THREADPOOL_SIZE ??= '8';

// A reader that stops early (`fugue … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
