/**
 * `npm start` (bin/start.mjs): the desktop app in Electron when its binary is installed —
 * building the renderer if it was never built, and the preload and launcher every time —
 * or, where there is no binary (it cannot be downloaded on the build machines), says so
 * and runs `fugue serve` in this process with the same arguments (`--port`, `--data-dir`,
 * `--sink`, `--renderer`, `--no-builtins`). This module never imports `electron`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { runServe, DEFAULT_RENDERER_DIR } from '../cli/serve.ts';
import type { CliIo } from '../cli/plugin-cli-support.ts';
import { electronMissingReason, findElectronBinary } from './binary.ts';
import { buildElectron } from './build.ts';
import { REPO_ROOT } from './out-paths.ts';

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Runs the app; answers the exit code. */
export async function runStart(args: readonly string[], io: CliIo = consoleIo, binary = findElectronBinary(REPO_ROOT)): Promise<number> {
  if (binary === undefined) {
    io.err(`Electron is not installed here (${electronMissingReason(REPO_ROOT)}); starting the web shell instead`);
    await buildRendererIfMissing(args, io);
    return runServe(args, io);
  }
  await buildRendererIfMissing(args, io);
  const { main } = await buildElectron();
  return runElectron(binary, [main, ...args], io);
}

/** A first start has no renderer build; later ones reuse it (`npm run build:renderer` refreshes it). */
async function buildRendererIfMissing(args: readonly string[], io: CliIo): Promise<void> {
  if (args.some((arg) => arg === '--renderer' || arg.startsWith('--renderer='))) return;
  if (existsSync(join(DEFAULT_RENDERER_DIR, 'index.html'))) return;
  io.err(`building the renderer into ${DEFAULT_RENDERER_DIR} (first start)…`);
  await build({ configFile: join(REPO_ROOT, 'src-renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir: DEFAULT_RENDERER_DIR } });
}

/** Starts Electron, passing SIGINT/SIGTERM on so the app shuts its services down. */
function runElectron(binary: string, args: string[], io: CliIo): Promise<number> {
  // Chromium refuses to start as root with its sandbox on (containers, CI); say what that costs.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) io.err('running as root: Chromium\'s OS sandbox is off (--no-sandbox); run Fugue as a normal user to keep it');
  const child = spawn(binary, asRoot ? [...args, '--no-sandbox'] : args, { stdio: 'inherit', cwd: REPO_ROOT });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    const done = (code: number) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code);
    };
    child.once('error', (error) => {
      io.err(`could not start Electron (${binary}): ${error.message}`);
      done(1);
    });
    child.once('exit', (code, signal) => done(code ?? (signal === null ? 1 : 128)));
  });
}
