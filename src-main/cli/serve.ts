/**
 * `fugue serve [--port N]`: the host with the web shell. Starts the plugins (and the
 * first-party ones as built-ins), opens playback on the chosen output, and serves the
 * renderer and the contract on 127.0.0.1 with a token printed once as the URL to open.
 * Runs until SIGINT/SIGTERM (or the signal given), then shuts everything down in order.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toFugueErrorData } from '../../src-shared/errors.ts';
import { firstPartyPackages, resolveDataDir } from '../app/paths.ts';
import { openAppHost } from '../app/app-host.ts';
import { PluginServices } from '../app/plugin-services.ts';
import { WebShell } from '../web/server.ts';
import { EXIT, type CliIo } from './plugin-cli-support.ts';

export const SERVE_USAGE =
  'usage: fugue serve [--port <n>] [--data-dir <dir>] [--renderer <built-renderer-dir>] [--sink default|null|wav:<path>|plugin:<id>/<type>] [--no-builtins]';

/** Where the renderer build is looked for by default. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

const OPTIONS = {
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  renderer: { type: 'string' },
  sink: { type: 'string' },
  'no-builtins': { type: 'boolean' },
} as const;

export async function runServe(argv: readonly string[], io: CliIo, stop: AbortSignal = signalOnExit()): Promise<number> {
  let values: { port?: string; 'data-dir'?: string; renderer?: string; sink?: string; 'no-builtins'?: boolean };
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\n${SERVE_USAGE}`);
    return EXIT.usage;
  }
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`--port must be a port number (0 picks a free one)\n${SERVE_USAGE}`);
    return EXIT.usage;
  }
  const { packages, missing } = values['no-builtins'] === true ? { packages: [], missing: [] } : firstPartyPackages();
  if (missing.length > 0) io.err(`fugue serve: the built-in plugins ${missing.join(', ')} are not built ("npm run build:plugins" builds them)`);
  const renderer = values.renderer ?? (existsSync(DEFAULT_RENDERER_DIR) ? DEFAULT_RENDERER_DIR : undefined);
  if (renderer === undefined || !existsSync(join(renderer, 'index.html'))) {
    io.err(`fugue serve: the renderer is not built${renderer === undefined ? '' : ` in ${renderer}`} ("npm run build:renderer"); a placeholder page is served (the contract works without it)`);
  }
  const sink = values.sink ?? 'default';
  let services: PluginServices | undefined;
  try {
    services = await PluginServices.open({ dataDir: resolveDataDir(values['data-dir']), builtinPackages: packages });
    await services.start();
    return await serveUntil(stop, io, { services, sink, port, renderer });
  } catch (error) {
    io.err(`fugue serve: ${toFugueErrorData(error).message}`);
    return EXIT.failed;
  } finally {
    await services?.dispose();
  }
}

async function serveUntil(stop: AbortSignal, io: CliIo, setup: { services: PluginServices; sink: string; port: number; renderer: string | undefined }): Promise<number> {
  const app = openAppHost({ services: setup.services, sink: setup.sink, onEffectNotice: (reason) => io.err(`fugue serve: ${reason}`) });
  try {
    const shell = await WebShell.start({ contract: app.contract, port: setup.port, ...(setup.renderer === undefined ? {} : { staticDir: setup.renderer }) });
    try {
      io.out(`Fugue is serving on ${shell.url}`);
      io.out('open that address in a browser on this machine; press Ctrl+C to stop');
      await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
      return EXIT.ok;
    } finally {
      await shell.dispose();
    }
  } finally {
    await app.dispose();
  }
}

/** Aborts on the first SIGINT or SIGTERM (the handlers are removed then, so a second one ends the process). */
function signalOnExit(): AbortSignal {
  const controller = new AbortController();
  const onSignal = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
