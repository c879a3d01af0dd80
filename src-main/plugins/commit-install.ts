/**
 * The second half of an install, run while holding the plugin id: check the package
 * against what is installed (version, abilities), ask for consent, transpile, move the
 * staged files into place, start the new version beside any old one, commit one
 * transaction, then route calls to the new version. Any failure before the commit
 * undoes what this step did and leaves the old state as it was.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import semver from 'semver';
import { FugueError, toFugueErrorData } from '../../src-shared/errors.ts';
import type { PluginManifest } from '../../src-shared/manifest/index.ts';
import type { Catalog } from '../state/catalog.ts';
import type { PermissionGrant, PluginRecord, VersionRecord } from '../state/catalog-types.ts';
import { consentRequest, grantBuiltin, obtainConsent, type ConsentHandler } from './consent.ts';
import type { PluginDataLayout } from './data-layout.ts';
import { freshInstallDir, removeFolder } from './installed-files.ts';
import type { PluginGeneration, PluginHost } from './plugin-host.ts';
import { checkStagedSignature, type SignatureState } from './signature.ts';
import type { StagedPackage } from './stage-package.ts';
import type { StagingArea } from './staging.ts';

export interface InstallOptions {
  /** Allow installing a version older than the installed one. */
  allowDowngrade?: boolean;
  /** Asked when the package declares permissions not yet decided; without it, such an install is refused. */
  onConsent?: ConsentHandler;
  /** A package shipped with the app: permissions but the network are granted, and it cannot be uninstalled. */
  builtin?: boolean;
  /** Told as each step completes (for progress display, and for tests that crash the installer mid-way). */
  onProgress?: (step: InstallStep) => void;
}

/** The steps of an install, in order; `committed` is the point after which the new version is the installed one. */
export type InstallStep = 'staged' | 'validated' | 'consented' | 'transpiled' | 'moved' | 'started' | 'committed' | 'activated';

/** What an install did. */
export interface InstallOutcome {
  pluginId: string;
  version: string;
  previousVersion: string | undefined;
  action: 'installed' | 'updated' | 'reinstalled' | 'downgraded';
  /** Whether the new version is running now (false when the plugin is disabled). */
  running: boolean;
  grants: Omit<PermissionGrant, 'decidedAt'>[];
  /** `verified` when signed by a key in the trust store; otherwise why not. */
  signature: SignatureState;
}

export interface CommitContext {
  layout: PluginDataLayout;
  catalog: Catalog;
  host: PluginHost;
  prepareComponent: ((bytes: Uint8Array) => Promise<void>) | undefined;
}

export async function commitInstall(context: CommitContext, staged: StagedPackage, staging: StagingArea, options: InstallOptions): Promise<InstallOutcome> {
  const { catalog, layout, host } = context;
  const { manifest } = staged;
  const existing = catalog.getPlugin(manifest.id);
  const previous = catalog.currentVersion(manifest.id);
  // First, so a package modified after signing is refused before anything is asked or written.
  const signature = await checkStagedSignature(staging.packageDir, staged.receipt, (keyId) => catalog.trustedKeys.get(keyId), { pluginId: manifest.id, version: manifest.version });
  const grants = await checkAndPrepare(context, staged, existing, previous, options);
  const placed = await placeFiles(context, staged, staging, existing === undefined, options.builtin === true);
  options.onProgress?.('moved');
  const run = existing === undefined || existing.desired === 'enabled';
  const generation = run ? await startOrUndo(context, staged, previous, placed) : undefined;
  options.onProgress?.('started');
  const action = actionOf(manifest, previous);
  let replaced: VersionRecord[];
  try {
    replaced = catalog.commitVersion({
      manifest,
      installDir: placed.installDir,
      source: staged.source,
      receipt: staged.receipt,
      signature,
      builtin: options.builtin === true,
      grants,
      lifecycle: run ? 'active' : 'disabled',
      event: { kind: previous === undefined ? 'installed' : 'updated', message: describeAction(action, manifest, previous) },
    });
  } catch (error) {
    await placed.undo(generation);
    throw error;
  }
  options.onProgress?.('committed');
  if (generation !== undefined) host.activate(generation);
  for (const old of replaced) await removeFolder(layout, layout.absolute(old.installDir));
  options.onProgress?.('activated');
  return { pluginId: manifest.id, version: manifest.version, previousVersion: previous?.version, action, running: run, grants, signature };
}

/** Everything that can refuse the package before a file moves: version, abilities, consent; then transpiles. */
async function checkAndPrepare(
  context: CommitContext,
  staged: StagedPackage,
  existing: PluginRecord | undefined,
  previous: VersionRecord | undefined,
  options: InstallOptions,
): Promise<Omit<PermissionGrant, 'decidedAt'>[]> {
  const { catalog } = context;
  const { manifest } = staged;
  checkReplaceable(manifest, existing, previous, options.allowDowngrade === true);
  checkAbilities(catalog, manifest);
  const previousGrants = catalog.permissions.list(manifest.id);
  const request = consentRequest(manifest, previous?.version, previousGrants);
  const grants = await obtainConsent(request, previousGrants, options.builtin === true ? grantBuiltin : options.onConsent);
  options.onProgress?.('consented');
  for (const bytes of staged.start.components.values()) await context.prepareComponent?.(bytes);
  options.onProgress?.('transpiled');
  return grants;
}

interface PlacedFiles {
  installDir: string;
  /** Stops a started generation and puts everything back as it was before {@link placeFiles}. */
  undo(generation?: PluginGeneration): Promise<void>;
}

/** Moves the staged files into a fresh install folder (marking a first install as `installing`). */
async function placeFiles(context: CommitContext, staged: StagedPackage, staging: StagingArea, fresh: boolean, builtin: boolean): Promise<PlacedFiles> {
  const { catalog, layout, host } = context;
  const { manifest } = staged;
  const installDir = freshInstallDir(layout, catalog, manifest.id, manifest.version);
  const target = layout.absolute(installDir);
  // Kept from an earlier uninstall with keepData, or made by starting this one (then undone with it).
  const hadDataFolder = existsSync(layout.pluginDataDir(manifest.id));
  if (fresh) catalog.beginFirstInstall(manifest.id, builtin);
  const undo = async (generation?: PluginGeneration) => {
    if (generation !== undefined) await host.discard(generation);
    // A first install also made plugins/<id>/; nothing else of this id is in it.
    await removeFolder(layout, fresh ? layout.pluginFolder(manifest.id) : target);
    if (fresh && !hadDataFolder) await removeFolder(layout, layout.pluginDataDir(manifest.id));
    if (fresh) catalog.deletePlugin(manifest.id, { keepData: true });
  };
  try {
    await mkdir(dirname(target), { recursive: true });
    await rename(staging.packageDir, target);
  } catch (error) {
    await undo();
    throw new FugueError({ code: 'io', message: `cannot move ${manifest.id} into ${target}: ${(error as Error).message}; check the data folder's free space and permissions` });
  }
  return { installDir, undo };
}

/** Starts the new version beside the old; on failure records why and undoes the install. */
async function startOrUndo(
  context: CommitContext,
  staged: StagedPackage,
  previous: VersionRecord | undefined,
  placed: { installDir: string; undo: () => Promise<void> },
): Promise<PluginGeneration> {
  const { manifest } = staged;
  try {
    return await context.host.start({ ...staged.start, root: context.layout.absolute(placed.installDir) });
  } catch (error) {
    await placed.undo();
    const cause = toFugueErrorData(error);
    const keeps = previous === undefined ? 'nothing was installed' : `version ${previous.version} keeps running`;
    const message = `${manifest.id} ${manifest.version} failed to start, so ${keeps}: ${cause.message}`;
    context.catalog.events.add(manifest.id, { kind: 'activation-failed', version: manifest.version, message, error: cause });
    throw new FugueError({ ...cause, message, plugin: cause.plugin ?? { pluginId: manifest.id, version: manifest.version } });
  }
}

function checkReplaceable(manifest: PluginManifest, existing: PluginRecord | undefined, previous: VersionRecord | undefined, allowDowngrade: boolean): void {
  if (existing?.lifecycle === 'pending-uninstall') {
    throw conflict(manifest, `${manifest.id} is being uninstalled; finish that first (run "fugue plugin uninstall ${manifest.id}" again, or restart Fugue), then install`);
  }
  if (previous !== undefined && semver.lt(manifest.version, previous.version) && !allowDowngrade) {
    throw conflict(manifest, `${manifest.id} ${manifest.version} is older than the installed ${previous.version}; to go back to it, install again allowing a downgrade (--allow-downgrade)`);
  }
}

function checkAbilities(catalog: Catalog, manifest: PluginManifest): void {
  for (const component of manifest.components) {
    for (const ability of component.abilities) {
      const owner = catalog.abilityOwner(ability.kind, ability.type_id);
      if (owner !== undefined && owner.pluginId !== manifest.id) {
        throw conflict(manifest, `the ${ability.kind} ability "${ability.type_id}" of component "${component.id}" is already provided by the installed plugin ${owner.pluginId}; uninstall that plugin first, or give the ability another type_id`);
      }
    }
  }
}

function actionOf(manifest: PluginManifest, previous: VersionRecord | undefined): InstallOutcome['action'] {
  if (previous === undefined) return 'installed';
  if (semver.eq(manifest.version, previous.version)) return 'reinstalled';
  return semver.gt(manifest.version, previous.version) ? 'updated' : 'downgraded';
}

function describeAction(action: InstallOutcome['action'], manifest: PluginManifest, previous: VersionRecord | undefined): string {
  return previous === undefined ? `installed ${manifest.version}` : `${action} ${previous.version} → ${manifest.version}`;
}

function conflict(manifest: PluginManifest, message: string): FugueError {
  return new FugueError({ code: 'conflict', message, plugin: { pluginId: manifest.id, version: manifest.version } });
}
