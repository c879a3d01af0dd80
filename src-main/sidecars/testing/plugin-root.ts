/** Temp "plugin roots" holding tiny executable scripts, for sidecar tests with real processes. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export class TempPluginRoot {
  readonly base = mkdtempSync(join(tmpdir(), 'fugue-sidecar-'));
  readonly root = join(this.base, 'plugin');
  readonly dataDir = join(this.base, 'data');

  constructor() {
    mkdirSync(this.root);
  }

  /** Writes an executable script at `relPath` (relative to the root; may point outside with `..`). */
  script(relPath: string, text: string): string {
    const path = join(this.root, relPath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    chmodSync(path, 0o755);
    return relPath;
  }

  dispose(): void {
    rmSync(this.base, { recursive: true, force: true });
  }
}
