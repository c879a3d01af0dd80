#!/usr/bin/env node
// The `fugue-plugin` command: the plugin author's SDK (init, build, test, dev, validate, pack,
// sign, keygen). TypeScript sources run through tsx's loader.
import { register } from 'tsx/esm/api';

// A reader that stops early (`fugue-plugin … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { main } = await import('../sdk/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
