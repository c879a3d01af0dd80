/** Where `npm run build:electron` puts what `electron` runs (kept apart from the build so `main.ts` does not load vite). */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ELECTRON_OUT_DIR = join(REPO_ROOT, 'out', 'electron');
/** The ESM launcher `electron` is started with. */
export const ELECTRON_MAIN_JS = join(ELECTRON_OUT_DIR, 'main.js');
/** The bundled preload of every window. */
export const ELECTRON_PRELOAD_CJS = join(ELECTRON_OUT_DIR, 'preload.cjs');
