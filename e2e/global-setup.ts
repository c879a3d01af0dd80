/**
 * Builds the renderer before the suite when the project has a `build:renderer` script, so
 * the specs test the current source rather than a stale `out/renderer`. Without the script
 * nothing is built and the specs that need the UI skip with the reason. A failed build
 * fails the run: a renderer that does not build is a defect, not a missing prerequisite.
 * `FUGUE_E2E_SKIP_BUILD=1` uses whatever `out/renderer` holds (for quick local reruns).
 * Prints what is missing, since the list reporter shows skips without their reasons.
 */
import { execa } from 'execa';
import { chromiumMissing, electronBinary, hasScript, rendererMissing, REPO_ROOT } from './environment.ts';

export default async function globalSetup(): Promise<void> {
  if (process.env.FUGUE_E2E_SKIP_BUILD !== '1' && hasScript('build:renderer')) {
    const result = await execa('npm', ['run', '--silent', 'build:renderer'], { cwd: REPO_ROOT, all: true, reject: false });
    if (result.exitCode !== 0) {
      throw new Error(`"npm run build:renderer" failed (exit ${String(result.exitCode)}); the end-to-end specs need the renderer:\n${result.all ?? ''}`);
    }
  }
  // The _electron specs run out/electron/main.js and its preload bundle; build them only where they can run.
  if (process.env.FUGUE_E2E_SKIP_BUILD !== '1' && electronBinary() !== undefined && hasScript('build:electron')) {
    const result = await execa('npm', ['run', '--silent', 'build:electron'], { cwd: REPO_ROOT, all: true, reject: false });
    if (result.exitCode !== 0) throw new Error(`"npm run build:electron" failed (exit ${String(result.exitCode)}):\n${result.all ?? ''}`);
  }
  const missing = [
    chromiumMissing(),
    rendererMissing(),
    electronBinary() === undefined ? 'no Electron binary (the _electron specs are skipped)' : undefined,
  ].filter((reason) => reason !== undefined);
  for (const reason of missing) console.log(`e2e: skipping what needs it: ${reason}`);
}
