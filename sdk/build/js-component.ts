/**
 * The JavaScript route: a component built from one JS module with componentize-qjs
 * (QuickJS, ~1.6 MB, synchronous ABI). Meant for control-plane plugins (sources, lyrics)
 * that mostly call host services. The module exports one object per exported interface
 * (`export const lifecycle = { onEnable() {…}, … }`), and imports host interfaces as
 * `import { write } from 'fugue:plugin/log@0.1.0'`.
 *
 * A project may add imports beyond its world (e.g. WASI interfaces) with its own
 * `wit/*.wit` declaring `world <name>`; the Fugue and WASI packages are supplied as deps.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentize } from 'componentize-qjs';

/** WASI packages offered to JS projects that extend their world (the version jco ships). */
const WASI_VERSION = '0.2.12';
const WASI_PACKAGES = ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets'];

export interface JsComponentInput {
  /** The JavaScript module's path. */
  sourcePath: string;
  /** The world to build: a Fugue world, or one declared in `extraWitDir`. */
  world: string;
  /** `wit/fugue-plugin@x.y.z` of the contract version targeted. */
  contractWitDir: string;
  /** Optional folder of the project's own `.wit` files (a world including more imports). */
  extraWitDir?: string;
}

/** WASI WIT packages vendored in the SDK (see sdk/wit-deps/README.md). */
const VENDORED_WASI_WIT = fileURLToPath(new URL(`../wit-deps/wasi-${WASI_VERSION}`, import.meta.url));

/** Lays out a WIT folder with deps (componentize-qjs reads WIT from disk). */
async function stageWit(input: JsComponentInput): Promise<string> {
  const staging = await mkdtemp(join(tmpdir(), 'fugue-wit-'));
  if (!input.extraWitDir) {
    await cp(input.contractWitDir, staging, { recursive: true });
    return staging;
  }
  for (const name of (await readdir(input.extraWitDir)).filter((file) => file.endsWith('.wit'))) {
    await cp(join(input.extraWitDir, name), join(staging, name));
  }
  await mkdir(join(staging, 'deps'), { recursive: true });
  await cp(input.contractWitDir, join(staging, 'deps', 'fugue-plugin'), { recursive: true });
  for (const pkg of WASI_PACKAGES) {
    await cp(join(VENDORED_WASI_WIT, `wasi-${pkg}`), join(staging, 'deps', `wasi-${pkg}`), { recursive: true });
  }
  return staging;
}

/** Builds the component; returns its bytes. */
export async function buildJsComponent(input: JsComponentInput): Promise<Uint8Array> {
  const witPath = await stageWit(input);
  try {
    const jsSource = await readFile(input.sourcePath, 'utf8');
    const { component } = await componentize({ witPath, jsSource, jsPath: input.sourcePath, world: input.world, sync: true });
    return new Uint8Array(component);
  } finally {
    await rm(witPath, { recursive: true, force: true });
  }
}
