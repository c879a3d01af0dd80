/**
 * A package in a git repository at a tag, branch or commit, fetched with the system
 * `git` into the staging folder: a shallow fetch of just that ref, a detached checkout,
 * then the work tree (without `.git`) is read like a plugin project folder. git runs
 * without the user's or the system's config, without prompts, and only over the
 * transports named here (never `ext::`, which runs commands).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { FugueError } from '../../../src-shared/errors.ts';
import { checkedUrl, redactUrl } from './url-source.ts';

export interface GitCheckout {
  /** The work tree, `.git` removed. */
  dir: string;
  /** The commit that was checked out. */
  commit: string;
  /** `<url>#<ref>@<commit>` without credentials, for the catalog. */
  description: string;
}

export const DEFAULT_GIT_TIMEOUT_MS = 120_000;

const GIT_SCHEMES = ['https:', 'ssh:', 'file:', 'git:'];

/** Fetches `ref` (default: the remote's default branch) of `url` into `<dir>/git`. */
export async function checkoutGit(urlText: string, ref: string | undefined, dir: string, timeoutMs = DEFAULT_GIT_TIMEOUT_MS): Promise<GitCheckout> {
  const url = checkedUrl(urlText, GIT_SCHEMES, 'git repository');
  if (ref !== undefined && (ref === '' || ref.startsWith('-') || /[\s~^:?*[\\]|\.\./.test(ref))) {
    throw new FugueError({ code: 'invalid-argument', message: `"${ref}" is not a tag, branch or commit name; write <url>#<tag|branch|commit>` });
  }
  const shown = redactUrl(url);
  const tree = join(dir, 'git');
  const git = gitRunner(tree, shown, timeoutMs);
  await git(['init', '--quiet', tree], dir);
  await git(['remote', 'add', 'origin', '--', url.href]);
  await git(['fetch', '--quiet', '--depth', '1', '--no-tags', 'origin', ref ?? 'HEAD'], ref === undefined ? 'the default branch' : `"${ref}"`);
  await git(['checkout', '--quiet', '--detach', 'FETCH_HEAD']);
  const commit = (await git(['rev-parse', 'HEAD'])).trim();
  await rm(join(tree, '.git'), { recursive: true, force: true });
  return { dir: tree, commit, description: `${shown}#${ref ?? 'HEAD'}@${commit}` };
}

type Git = (args: string[], context?: string) => Promise<string>;

function gitRunner(tree: string, shown: string, timeoutMs: number): Git {
  return async (args, context) => {
    const cwd = args[0] === 'init' ? (context as string) : tree;
    const result = await execa('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'advice.detachedHead=false', ...args], {
      cwd,
      reject: false,
      timeout: timeoutMs,
      stdin: 'ignore',
      env: {
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        GIT_ALLOW_PROTOCOL: 'https:ssh:file:git:http',
        GIT_LFS_SKIP_SMUDGE: '1',
      },
    });
    if (result.failed) {
      if (result.timedOut) throw new FugueError({ code: 'timeout', message: `git ${args[0]} from ${shown} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; check the address and the connection` });
      if ((result as { code?: string }).code === 'ENOENT') throw new FugueError({ code: 'not-found', message: 'installing from a git repository needs the git program; install git and try again' });
      const detail = String(result.stderr).trim().split('\n').at(-1) ?? '';
      const what = args[0] === 'fetch' ? `fetching ${context ?? ''} from ${shown}` : `git ${args[0]}`;
      throw new FugueError({ code: 'network', message: `${what} failed: ${detail}; check the address and that the tag, branch or commit exists` });
    }
    return String(result.stdout);
  };
}
