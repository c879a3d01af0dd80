// Module resolve hook (see test-hooks.mjs): `fugue-plugin/testing` is sdk/cli/testing.ts,
// resolved through the rest of the chain so tsx loads it as TypeScript.
const TESTING = new URL('./testing.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier === 'fugue-plugin/testing' ? TESTING : specifier, context);
}
