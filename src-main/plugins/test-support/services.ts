/**
 * Test support for the installer: real packages from the build pipeline, real plugin
 * services over a temp data folder (SQLite file, workers), and snapshots of the data
 * folder and the catalog to prove a failed install changed nothing.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { buildPlugin } from '../../../sdk/build/build-plugin.ts';
import { PluginServices, type PluginServicesOptions, type StartupReport } from '../../app/plugin-services.ts';
import { REPO_ROOT } from '../../runtime/testing/fixtures.ts';
import { openPackage } from '../package-files.ts';

/** The built `.zip` of `plugin-fixtures/<name>` (built now unless cached). */
export async function fixturePackage(name: string): Promise<string> {
  return (await buildPlugin(join(REPO_ROOT, 'plugin-fixtures', name))).packagePath;
}

/** The built component bytes of `plugin-fixtures/<name>` (its first component). */
export async function fixtureComponent(name: string): Promise<Uint8Array> {
  const built = await buildPlugin(join(REPO_ROOT, 'plugin-fixtures', name));
  return new Uint8Array(await readFile(built.components[0]?.outPath ?? ''));
}

/**
 * A package of the versioned-lyrics fixture at `version` (its answers name the version),
 * built from a copy under `workDir` with the version replaced; `failOnEnable` makes its
 * `on-enable` fail.
 */
export async function versionedPackage(version: string, workDir: string, options: { failOnEnable?: boolean } = {}): Promise<string> {
  const project = join(workDir, `versioned-${version}${options.failOnEnable === true ? '-broken' : ''}`);
  await cp(join(REPO_ROOT, 'plugin-fixtures', 'versioned-lyrics'), project, { recursive: true, filter: (source) => !source.includes('/dist') });
  for (const file of ['plugin.json', 'src/lyrics.js']) {
    const text = await readFile(join(project, file), 'utf8');
    let changed = text.replace(/"version": "1\.0\.0"/, `"version": "${version}"`).replace("VERSION = '1.0.0'", `VERSION = '${version}'`);
    if (options.failOnEnable === true) changed = changed.replace('  onEnable() {', "  onEnable() {\n    throw { code: 'internal', message: 'this build refuses to start' };");
    await writeFile(join(project, file), changed);
  }
  const built = await buildPlugin(project, { packagesDir: join(workDir, 'packages'), recordsDir: join(workDir, 'records') });
  return built.packagePath;
}

/**
 * Unpacks a package zip into `folder` (a plugin folder), letting `edit` change the
 * parsed plugin.json first. Returns the folder.
 */
export async function unpackWith(zip: string, folder: string, edit: (manifest: Record<string, unknown>) => void = () => {}): Promise<string> {
  const opened = await openPackage(zip);
  if (!opened.ok) throw new Error(`${zip} does not open: ${opened.issues.map((issue) => issue.message).join('; ')}`);
  try {
    await mkdir(folder, { recursive: true });
    for (const entry of opened.files.entries.values()) {
      if (entry.kind !== 'file') continue;
      let bytes = await opened.files.read(entry.path, 1 << 27);
      if (entry.path === 'plugin.json') {
        const manifest = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
        edit(manifest);
        bytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
      }
      await mkdir(dirname(join(folder, entry.path)), { recursive: true });
      await writeFile(join(folder, entry.path), bytes);
    }
  } finally {
    await opened.files.dispose();
  }
  return folder;
}

/** Plugin services over a temp data folder that a test can close and reopen (a restart). */
export class ServicesHarness {
  readonly logs: { pluginId: string; level: string; message: string }[] = [];
  private current: PluginServices | undefined;

  private constructor(
    readonly dataDir: string,
    private readonly options: Omit<PluginServicesOptions, 'dataDir'>,
  ) {}

  /** Opens services over a fresh data folder (no plugin started: call {@link restart} for a full start). */
  static async create(options: Omit<PluginServicesOptions, 'dataDir'> = {}): Promise<ServicesHarness> {
    const harness = new ServicesHarness(await mkdtemp(join(tmpdir(), 'fugue-data-')), options);
    await harness.open();
    return harness;
  }

  get services(): PluginServices {
    if (this.current === undefined) throw new Error('services are closed');
    return this.current;
  }

  get catalog() {
    return this.services.catalog;
  }

  get installer() {
    return this.services.installer;
  }

  get host() {
    return this.services.host;
  }

  /** Stops everything and opens the data folder again, as a restart of the app does. */
  async restart(): Promise<StartupReport> {
    await this.current?.dispose();
    this.current = undefined;
    await this.open();
    return this.services.start();
  }

  async dispose(): Promise<void> {
    await this.current?.dispose();
    this.current = undefined;
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** Messages a plugin logged. */
  logged(pluginId: string): string[] {
    return this.logs.filter((entry) => entry.pluginId === pluginId).map((entry) => entry.message);
  }

  private async open(): Promise<void> {
    this.current = await PluginServices.open({
      ...this.options,
      dataDir: this.dataDir,
      onPluginLog: (pluginId, level, message) => this.logs.push({ pluginId, level, message }),
    });
  }
}

/**
 * Every file under the data folder as `path size sha256`, except the catalog's own
 * files (compared by {@link catalogSnapshot}) and the staging folder, which must be gone.
 */
export async function dataDirListing(dataDir: string): Promise<string[]> {
  const lines: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const path = relative(dataDir, full);
      if (/^catalog\.db(-wal|-shm)?$/.test(path)) continue;
      if (entry.isDirectory()) {
        lines.push(`${path}/`);
        await walk(full);
      } else {
        const bytes = await readFile(full);
        lines.push(`${path} ${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`);
      }
    }
  };
  await walk(dataDir);
  return lines.sort();
}

/** Every row of every catalog table, read through a separate connection. */
export function catalogSnapshot(dataDir: string): Record<string, unknown[]> {
  const db = new Database(join(dataDir, 'catalog.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).all()]));
  } finally {
    db.close();
  }
}
