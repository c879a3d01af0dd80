/**
 * Recognises a WebAssembly component by its header. A component starts like a core
 * module (`\0asm`) but carries a different version and a layer of 1; a core module is
 * the usual mistake (a build that skipped the componentize step).
 */

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
/** Version and layer of the component binary format this host reads: 0x0d, layer 1. */
export const COMPONENT_HEADER = [0x0d, 0x00, 0x01, 0x00] as const;
const CORE_MODULE_HEADER = [0x01, 0x00, 0x00, 0x00];

/** Why `bytes` is not a WebAssembly component, worded to follow the file name; undefined when it is. */
export function componentHeaderProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8 || !startsWith(bytes, MAGIC, 0)) {
    return 'is not a WebAssembly file (it does not start with "\\0asm"); point "path" at the built component';
  }
  if (startsWith(bytes, COMPONENT_HEADER, 4)) return undefined;
  if (startsWith(bytes, CORE_MODULE_HEADER, 4)) {
    return 'is a core WebAssembly module, not a component; build it as a component (fugue-plugin build does this, or wasm-tools component new)';
  }
  const layer = (bytes[6] ?? 0) | ((bytes[7] ?? 0) << 8);
  const version = (bytes[4] ?? 0) | ((bytes[5] ?? 0) << 8);
  if (layer === 1) {
    return `uses component binary version ${version}; this host reads version ${COMPONENT_HEADER[0]}, so rebuild it with a current toolchain`;
  }
  return `has an unknown WebAssembly layer ${layer}; point "path" at the built component`;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset: number): boolean {
  return prefix.every((byte, index) => bytes[offset + index] === byte);
}
