/**
 * jco 1.35's generated bindings call a debug helper that reads `process.env.JCO_DEBUG` on
 * every use — about ten times per component call, 57% of a trivial call's cost
 * (../shared/TOOLCHAIN.md). The rewrite reads it once, when the bindings module loads.
 */

const PER_CALL_DEBUG_HELPER =
  /const _debugLog = \(\.\.\.args\) => \{\s*if \(!globalThis\?\.process\?\.env\?\.JCO_DEBUG\) \{ return; \}\s*console\.debug\(\.\.\.args\);\s*\};/g;

const LOAD_TIME_DEBUG_HELPER =
  'const _debugLog = globalThis?.process?.env?.JCO_DEBUG ? (...args) => { console.debug(...args); } : () => {};';

/** Bumped whenever the rewrite or the transpile options change, so cached bindings are regenerated. */
export const BINDINGS_REWRITE_VERSION = 2;

/** Returns the bindings with the per-call env read hoisted, and how many helpers were rewritten. */
export function hoistDebugEnvRead(source: string): { source: string; rewrites: number } {
  let rewrites = 0;
  const rewritten = source.replace(PER_CALL_DEBUG_HELPER, () => {
    rewrites += 1;
    return LOAD_TIME_DEBUG_HELPER;
  });
  return { source: rewritten, rewrites };
}
