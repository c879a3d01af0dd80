/**
 * Opens the package sources that are not a local file or uploaded bytes: a dev-mode
 * project folder, a downloaded `.zip`, and a git checkout. Downloads and checkouts go
 * into the install's staging folder, so they are removed with it.
 */
import { resolve } from 'node:path';
import { openPackage, type OpenPackageResult, type PackageLimits } from '../package-files.ts';
import { DEFAULT_DOWNLOAD_TIMEOUT_MS, downloadZip } from './download.ts';
import { checkoutGit, DEFAULT_GIT_TIMEOUT_MS } from './git-source.ts';
import { openProjectFolder } from './project-folder.ts';
import { checkedUrl, redactUrl } from './url-source.ts';

/** A source read through this module. */
export type FetchedSource =
  /** A plugin project folder in dev mode: plugin.json and the built components in `dist/`. */
  | { kind: 'project'; path: string }
  /** An https URL of a `.zip` (http only on loopback). `maxBytes` defaults to the package size limit. */
  | { kind: 'url'; url: string; maxBytes?: number; timeoutMs?: number }
  /** A git repository at a tag, branch or commit (default: its default branch). */
  | { kind: 'git'; url: string; ref?: string; timeoutMs?: number };

export interface OpenedSource {
  result: OpenPackageResult;
  /** How the source is described to the user and in the catalog. */
  description: string;
}

export async function openFetchedSource(source: FetchedSource, stagingDir: string, limits: PackageLimits): Promise<OpenedSource> {
  if (source.kind === 'project') return { result: await openProjectFolder(source.path, limits), description: `dev:${resolve(source.path)}` };
  if (source.kind === 'git') {
    const checkout = await checkoutGit(source.url, source.ref, stagingDir, source.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS);
    return { result: renamed(await openProjectFolder(checkout.dir, limits), checkout.dir, checkout.description), description: `git:${checkout.description}` };
  }
  const shown = redactUrl(checkedUrl(source.url, ['https:'], 'package .zip'));
  const file = await downloadZip(source.url, stagingDir, { maxBytes: source.maxBytes ?? limits.maxTotalBytes, timeoutMs: source.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS });
  return { result: renamed(await openPackage(file, limits), file, shown), description: shown };
}

/** The staging path means nothing to the user: issues name the source instead. */
function renamed(result: OpenPackageResult, stagingPath: string, shown: string): OpenPackageResult {
  if (result.ok) return result;
  return { ok: false, issues: result.issues.map((issue) => ({ ...issue, message: issue.message.replaceAll(stagingPath, shown) })) };
}

/**
 * Reads a command-line argument as a source: `<url>#<ref>`, `git+<url>`, a URL ending in
 * `.git`, or a `file://` / `ssh://` / `git://` URL is a git repository; any other http(s)
 * URL is a `.zip`; anything else is a local path (undefined).
 */
export function parseSourceArgument(text: string): FetchedSource | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  const hash = text.indexOf('#');
  const base = hash === -1 ? text : text.slice(0, hash);
  const ref = hash === -1 ? undefined : decodeURIComponent(text.slice(hash + 1));
  const explicitGit = base.startsWith('git+');
  const url = explicitGit ? base.slice(4) : base;
  const isGit = explicitGit || ref !== undefined || /\.git\/?$/.test(url) || /^(file|ssh|git):/i.test(url);
  if (!isGit) return { kind: 'url', url };
  return ref === undefined ? { kind: 'git', url } : { kind: 'git', url, ref };
}
