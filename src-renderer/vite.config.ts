/**
 * Builds the renderer into out/renderer (or $FUGUE_RENDERER_OUT), the folder `fugue serve` serves. The page must
 * work under the shell's CSP (`script-src 'self'`, `style-src 'self'`), so nothing is
 * inlined: no modulepreload polyfill script and no data-URL assets.
 */
import { defineConfig } from 'vite';

// `import.meta.dirname` rather than node:path, which the renderer's lint rules forbid here.
const root = import.meta.dirname;
// FUGUE_RENDERER_OUT builds elsewhere (an absolute path), so parallel checkouts or test runs don't share one folder.
const outDir = process.env.FUGUE_RENDERER_OUT ?? `${root}/../out/renderer`;

export default defineConfig({
  root,
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
  },
});
