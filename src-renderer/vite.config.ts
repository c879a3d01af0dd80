/**
 * Builds the renderer into out/renderer, the folder `fugue serve` serves. The page must
 * work under the shell's CSP (`script-src 'self'`, `style-src 'self'`), so nothing is
 * inlined: no modulepreload polyfill script and no data-URL assets.
 */
import { defineConfig } from 'vite';

// `import.meta.dirname` rather than node:path, which the renderer's lint rules forbid here.
const root = import.meta.dirname;

export default defineConfig({
  root,
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: `${root}/../out/renderer`,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
  },
});
