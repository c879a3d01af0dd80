/**
 * The WIT versions this host supports, read from `wit/fugue-plugin@<version>/`, and the
 * exact interface sets each world imports and exports — computed by jco itself from a
 * "dummy" component of that world, so the check cannot drift from the WIT text.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { componentEmbed, componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';
import { combineWitFiles } from '../../src-shared/wit/combine.ts';
import { FugueError } from '../../src-shared/errors.ts';
import { WORLDS } from '../../src-shared/manifest/index.ts';
import { readComponentWorld, type ComponentWorld } from './component-inspect.ts';

const PACKAGE_FOLDER = /^fugue-plugin@(\d+\.\d+\.\d+)$/;


export class WitRegistry {
  private readonly sources = new Map<string, Promise<string>>();
  private readonly shapes = new Map<string, Promise<ComponentWorld>>();

  private constructor(
    private readonly witRoot: string,
    readonly versions: readonly string[],
  ) {}

  /** Scans `witRoot` for `fugue-plugin@x.y.z` folders. */
  static async open(witRoot: string): Promise<WitRegistry> {
    const entries = await readdir(witRoot, { withFileTypes: true });
    const versions = entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => PACKAGE_FOLDER.exec(entry.name)?.[1])
      .filter((version): version is string => version !== undefined)
      .sort();
    if (versions.length === 0) throw new Error(`no fugue-plugin@x.y.z WIT package found in ${witRoot}`);
    return new WitRegistry(witRoot, versions);
  }

  isSupported(version: string): boolean {
    return this.versions.includes(version);
  }

  /** Throws `unsupported-api-version` naming the supported versions. */
  assertSupported(version: string): void {
    if (this.isSupported(version)) return;
    throw new FugueError({
      code: 'unsupported-api-version',
      message: `fugue:plugin@${version} is not supported by this version of Fugue (supported: ${this.versions.join(', ')}); rebuild the plugin against a supported version or update Fugue`,
    });
  }

  /** The package's WIT as one source string, for jco's API. */
  source(version: string): Promise<string> {
    this.assertSupported(version);
    let source = this.sources.get(version);
    if (!source) {
      source = this.readSource(version);
      this.sources.set(version, source);
    }
    return source;
  }

  /** The interfaces `world` imports (including type-only ones) and exports, fully qualified. */
  worldShape(version: string, world: string): Promise<ComponentWorld> {
    this.assertSupported(version);
    if (!(WORLDS as readonly string[]).includes(world)) {
      return Promise.reject(
        new FugueError({ code: 'world-mismatch', message: `"${world}" is not a Fugue world; use one of ${WORLDS.join(', ')}` }),
      );
    }
    const key = `${version}/${world}`;
    let shape = this.shapes.get(key);
    if (!shape) {
      shape = this.computeShape(version, world);
      this.shapes.set(key, shape);
    }
    return shape;
  }

  private async readSource(version: string): Promise<string> {
    const folder = join(this.witRoot, `fugue-plugin@${version}`);
    const names = (await readdir(folder)).filter((name) => name.endsWith('.wit'));
    const files = await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(folder, name), 'utf8') })));
    return combineWitFiles(files);
  }

  private async computeShape(version: string, world: string): Promise<ComponentWorld> {
    const witSource = await this.source(version);
    const core = await componentEmbed({ dummy: true, witSource, world, stringEncoding: 'utf16' });
    const component = await componentNew(core, []);
    return readComponentWorld(component);
  }
}
