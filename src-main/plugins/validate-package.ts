/**
 * Validates a plugin package before anything is installed: its files (see
 * `package-files.ts`), its plugin.json, and every component file the manifest names.
 * Deeper component checks (does its import/export set match its world?) plug in via
 * {@link ValidatePackageOptions.inspectComponent}.
 */
import {
  MANIFEST_ROOT,
  formatJsonPath,
  parseManifestText,
  type ComponentManifest,
  type ManifestIssue,
  type ManifestParseResult,
  type PluginManifest,
} from '../../src-shared/manifest/index.ts';
import { componentHeaderProblem } from './component-file.ts';
import {
  DEFAULT_PACKAGE_LIMITS,
  formatMegabytes,
  openPackage,
  type PackageFiles,
  type PackageLimits,
} from './package-files.ts';

/** Where a component sits in the manifest, for issues about it. */
export interface ComponentContext {
  index: number;
  /** `components[<index>]`. */
  jsonPath: string;
}

/**
 * Extra checks of one component's bytes, run after its header is known to be a
 * component. Issue paths are JSON paths into plugin.json (use `context.jsonPath`).
 */
export type InspectComponent = (
  bytes: Uint8Array,
  component: ComponentManifest,
  manifest: PluginManifest,
  context: ComponentContext,
) => Promise<ManifestIssue[]>;

/** Options of {@link validatePackage}. */
export interface ValidatePackageOptions {
  inspectComponent?: InspectComponent;
  /** Overrides of {@link DEFAULT_PACKAGE_LIMITS}. */
  limits?: Partial<PackageLimits>;
  /** This host's version; when given, `engines.fugue` must include it. */
  hostVersion?: string;
}

/** A package that can be installed, or every problem found. */
export type PackageValidation = { ok: true; manifest: PluginManifest } | { ok: false; issues: ManifestIssue[] };

/** Opens a plugin folder or `.zip`, validates it, and closes it again. */
export async function validatePackage(source: string, options: ValidatePackageOptions = {}): Promise<PackageValidation> {
  const opened = await openPackage(source, { ...DEFAULT_PACKAGE_LIMITS, ...options.limits });
  if (!opened.ok) return opened;
  try {
    return await validatePackageFiles(opened.files, options);
  } finally {
    await opened.files.dispose();
  }
}

/** Validates an already opened package (the caller keeps and disposes it). */
export async function validatePackageFiles(
  files: PackageFiles,
  options: ValidatePackageOptions = {},
): Promise<PackageValidation> {
  const limits = { ...DEFAULT_PACKAGE_LIMITS, ...options.limits };
  const parsed = await readManifest(files, limits, options.hostVersion);
  if (!parsed.ok) return parsed;
  const { manifest } = parsed;
  const issues: ManifestIssue[] = [];
  for (const [index, component] of manifest.components.entries()) {
    const context = { index, jsonPath: formatJsonPath(['components', index]) };
    issues.push(...(await checkComponentFile(files, component, manifest, context, limits, options.inspectComponent)));
  }
  return issues.length === 0 ? { ok: true, manifest } : { ok: false, issues };
}

async function readManifest(files: PackageFiles, limits: PackageLimits, hostVersion?: string): Promise<ManifestParseResult> {
  const entry = files.entries.get(MANIFEST_ROOT);
  const problem = (message: string): ManifestParseResult => ({
    ok: false,
    issues: [{ path: MANIFEST_ROOT, message, code: 'invalid-package' }],
  });
  if (entry === undefined) {
    const nested = [...files.entries.keys()].find((path) => /^[^/]+\/plugin\.json$/.test(path));
    return problem(
      nested === undefined
        ? 'not found at the package root; add a plugin.json beside the component files'
        : `not found at the package root, but "${nested}" exists; zip the contents of the plugin folder, not the folder itself`,
    );
  }
  if (entry.kind === 'folder') return problem('is a folder; plugin.json must be a file');
  if (entry.size > limits.maxManifestBytes) {
    return problem(`is ${formatMegabytes(entry.size)}; a manifest may be at most ${formatMegabytes(limits.maxManifestBytes)}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await files.read(MANIFEST_ROOT, limits.maxManifestBytes));
  } catch (error) {
    return problem(error instanceof TypeError ? 'is not UTF-8 text; save it as UTF-8' : errorMessage(error));
  }
  return parseManifestText(text, hostVersion === undefined ? {} : { hostVersion });
}

async function checkComponentFile(
  files: PackageFiles,
  component: ComponentManifest,
  manifest: PluginManifest,
  context: ComponentContext,
  limits: PackageLimits,
  inspect: InspectComponent | undefined,
): Promise<ManifestIssue[]> {
  const issue = (message: string, code: ManifestIssue['code'] = 'invalid-package'): ManifestIssue[] => [
    { path: `${context.jsonPath}.path`, message: `"${component.path}" ${message}`, code },
  ];
  const entry = files.entries.get(component.path);
  if (entry === undefined) return issue(missingFileMessage(files, component.path));
  if (entry.kind === 'folder') return issue('is a folder; point "path" at the component\'s .wasm file');
  if (entry.size > limits.maxComponentBytes) {
    return issue(`is ${formatMegabytes(entry.size)}; a component may be at most ${formatMegabytes(limits.maxComponentBytes)}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await files.read(component.path, limits.maxComponentBytes);
  } catch (error) {
    return issue(`cannot be read: ${errorMessage(error)}`, 'io');
  }
  const headerProblem = componentHeaderProblem(bytes);
  if (headerProblem !== undefined) return issue(headerProblem);
  if (inspect === undefined) return [];
  try {
    return await inspect(bytes, component, manifest, context);
  } catch (error) {
    return issue(`could not be inspected: ${errorMessage(error)}`, 'internal');
  }
}

function missingFileMessage(files: PackageFiles, path: string): string {
  const wanted = path.toLowerCase();
  const paths = [...files.entries.values()].filter((entry) => entry.kind === 'file').map((entry) => entry.path);
  const sameButCase = paths.find((candidate) => candidate.toLowerCase() === wanted);
  if (sameButCase !== undefined) return `is not in the package; did you mean "${sameButCase}"? Paths are case-sensitive`;
  const wasm = paths.filter((candidate) => candidate.endsWith('.wasm'));
  const present = wasm.length === 0 ? 'it has no .wasm files' : `its .wasm files: ${wasm.slice(0, 5).join(', ')}`;
  return `is not in the package (${present}); build the component or fix the path`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
