/**
 * Plugin packages the OS asks Fugue to open (a double-click, "Open with", a path on the
 * command line of this or a second instance, macOS `open-file`). Nothing is installed
 * without the user's say: first whether to install that file at all, then — when the
 * package asks for permissions — which of them to grant. Both questions are native
 * dialogs in the main process (see {@link nativePrompts}), so an install never depends on
 * the renderer having loaded, and a page cannot answer for the user. Packages are
 * installed one at a time, through the same contract handlers the windows use.
 */
import { extname, resolve } from 'node:path';
import type { ConsentRequestView, InstallReply } from '../../src-shared/contract/plugins.ts';
import type { ContractHandlers } from '../../src-shared/contract/registry.ts';
import type { Result } from '../../src-shared/errors.ts';

/** The file extensions of plugin packages. */
export const PACKAGE_EXTENSIONS: readonly string[] = ['.fuguepkg', '.zip'];

/** The package paths among command-line arguments (switches are skipped), resolved against `cwd`. */
export function packagePathsIn(args: readonly string[], cwd: string): string[] {
  return args.filter((arg) => !arg.startsWith('-') && PACKAGE_EXTENSIONS.includes(extname(arg).toLowerCase())).map((arg) => resolve(cwd, arg));
}

/** How the user is asked; `decidePermissions` answers what to grant, or `cancel`. */
export interface ConsentPrompts {
  confirmPackage(path: string): Promise<boolean>;
  decidePermissions(request: ConsentRequestView): Promise<'grant' | 'withhold' | 'cancel'>;
  report(outcome: { ok: boolean; message: string }): Promise<void> | void;
}

/** Queues opened packages until the contract is ready, then installs them in order. */
export class PackageOpener {
  private handlers: ContractHandlers | undefined;
  private readonly waiting: string[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly prompts: ConsentPrompts) {}

  /** Installs `paths` (after consent) once the contract is ready; settles when they are done. */
  open(paths: readonly string[]): Promise<void> {
    if (this.handlers === undefined) {
      this.waiting.push(...paths);
      return this.chain;
    }
    const handlers = this.handlers;
    for (const path of paths) this.chain = this.chain.then(() => installOpened(path, handlers, this.prompts));
    return this.chain;
  }

  /** The contract is up: installs what was opened before. */
  ready(handlers: ContractHandlers): Promise<void> {
    this.handlers = handlers;
    return this.open(this.waiting.splice(0));
  }
}

/** Asks, installs `path`, answers the consent, and reports how it went. */
export async function installOpened(path: string, handlers: ContractHandlers, prompts: ConsentPrompts): Promise<void> {
  if (!(await prompts.confirmPackage(path))) return;
  let reply: Result<InstallReply> = await handlers['plugins.install']({ source: { kind: 'path', path } });
  if (reply.ok && reply.value.status === 'consent-required') {
    const request = reply.value.request;
    const decision = await prompts.decidePermissions(request);
    const grant = decision === 'grant' ? request.toAsk.map((permission) => permission.key) : [];
    reply = await handlers['plugins.answerConsent']({ consentId: request.consentId, approve: decision !== 'cancel', grant });
    if (decision === 'cancel') return;
  }
  if (!reply.ok) return prompts.report({ ok: false, message: `${path} was not installed: ${reply.error.message}` });
  if (reply.value.status === 'installed') {
    const { outcome } = reply.value;
    await prompts.report({ ok: true, message: `${outcome.pluginId} ${outcome.version} ${outcome.action}${outcome.running ? '' : ' (not running; see its details in Fugue)'}` });
  }
}
