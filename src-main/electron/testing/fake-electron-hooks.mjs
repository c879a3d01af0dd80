// Resolve hook for launcher.test.ts: `electron` resolves to the fake main-process module.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: new URL('./fake-electron-main.mjs', import.meta.url).href, shortCircuit: true };
  return nextResolve(specifier, context);
}
