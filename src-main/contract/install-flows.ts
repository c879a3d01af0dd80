/**
 * The install round trip of the contract. `start` runs the installer until it either
 * finishes or asks for consent; in the second case the install waits, holding only its own
 * plugin id, and the renderer's `answer` resumes it. An unanswered request is refused after
 * a timeout, so a closed browser tab never keeps an install half-way.
 */
import { randomUUID } from 'node:crypto';
import type { Disposable } from '../../src-shared/disposable.ts';
import { FugueError, toFugueErrorData } from '../../src-shared/errors.ts';
import type { ConsentRequestView, InstallReply } from '../../src-shared/contract/plugins.ts';
import type { PayloadOf } from '../../src-shared/contract/registry.ts';
import type { ConsentDecision, ConsentRequest } from '../plugins/consent.ts';
import { describePermission } from '../plugins/consent.ts';
import type { Installer, InstallOutcome, InstallSource } from '../plugins/installer.ts';
import { permissionKey } from '../state/catalog-types.ts';
import type { EmitEvent } from './types.ts';

interface Pending {
  request: ConsentRequestView;
  decide(decision: ConsentDecision): void;
  timer: NodeJS.Timeout;
  install: Promise<InstallOutcome>;
}

export interface InstallFlowsOptions {
  installer: Installer;
  emit: EmitEvent;
  /** How long a consent request waits for an answer; default 10 minutes. */
  consentTimeoutMs?: number;
}

export class InstallFlows implements Disposable {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly options: InstallFlowsOptions) {}

  /** Installs from `source` (named `label` in progress events) until done or until consent is needed. */
  async start(source: InstallSource, label: string, allowDowngrade: boolean): Promise<InstallReply> {
    const consentId = randomUUID();
    const progress = (payload: Omit<PayloadOf<'plugins.installProgress'>, 'source'>) => this.options.emit({ event: 'plugins.installProgress', payload: { source: label, ...payload } });
    let asked: (request: ConsentRequestView) => void = () => {};
    const consentAsked = new Promise<ConsentRequestView>((resolve) => (asked = resolve));
    progress({ step: 'received' });
    const install = this.options.installer.install(source, {
      allowDowngrade,
      onProgress: (step) => progress({ step }),
      onConsent: (request) =>
        new Promise<ConsentDecision>((decide) => {
          const view = this.requestView(consentId, request);
          const timer = setTimeout(() => this.settle(consentId, { approve: false }), this.timeoutMs());
          this.pending.set(consentId, { request: view, decide, timer, install });
          progress({ pluginId: request.pluginId, step: 'consent-required' });
          asked(view);
        }),
    });
    // The last step either way; a failure also reaches whoever awaits the install.
    install.then(
      (outcome) => progress({ pluginId: outcome.pluginId, step: 'installed' }),
      (error: unknown) => progress({ step: 'failed', error: toFugueErrorData(error) }),
    );
    const first = await Promise.race([install.then((outcome) => ({ outcome })), consentAsked.then((request) => ({ request }))]);
    if ('request' in first) return { status: 'consent-required', request: first.request };
    return { status: 'installed', outcome: outcomeView(first.outcome) };
  }

  /** Answers consent request `consentId` and waits for its install to finish. */
  async answer(consentId: string, approve: boolean, grant: readonly string[] | undefined): Promise<InstallReply> {
    const pending = this.pending.get(consentId);
    if (pending === undefined) {
      throw new FugueError({ code: 'not-found', message: `no install is waiting for consent "${consentId}" (it was answered, or timed out and was refused); install the package again` });
    }
    const askable = new Set(pending.request.toAsk.map((permission) => permission.key));
    const unknown = (grant ?? []).filter((key) => !askable.has(key));
    if (unknown.length > 0) {
      throw new FugueError({ code: 'invalid-argument', message: `grant: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not asked for by ${pending.request.pluginId} (it asks for: ${[...askable].join(', ') || 'nothing'})` });
    }
    this.settle(consentId, approve ? { approve: true, ...(grant === undefined ? {} : { grant }) } : { approve: false });
    return { status: 'installed', outcome: outcomeView(await pending.install) };
  }

  /** Refuses every waiting install and waits for them to roll back. */
  async dispose(): Promise<void> {
    const installs = [...this.pending.values()].map((pending) => pending.install);
    for (const id of [...this.pending.keys()]) this.settle(id, { approve: false });
    await Promise.allSettled(installs);
  }

  private settle(consentId: string, decision: ConsentDecision): void {
    const pending = this.pending.get(consentId);
    if (pending === undefined) return;
    this.pending.delete(consentId);
    clearTimeout(pending.timer);
    pending.decide(decision);
  }

  private requestView(consentId: string, request: ConsentRequest): ConsentRequestView {
    const view = (permission: ConsentRequest['declared'][number]) => ({ ...permission, description: describePermission(permission) });
    return { consentId, pluginId: request.pluginId, name: request.name, version: request.version, previousVersion: request.previousVersion, declared: request.declared.map(view), toAsk: request.toAsk.map(view), expiresAt: Date.now() + this.timeoutMs() };
  }

  private timeoutMs(): number {
    return this.options.consentTimeoutMs ?? 10 * 60_000;
  }
}

function outcomeView(outcome: InstallOutcome) {
  return {
    pluginId: outcome.pluginId,
    version: outcome.version,
    previousVersion: outcome.previousVersion,
    action: outcome.action,
    running: outcome.running,
    granted: outcome.grants.filter((grant) => grant.granted).map(permissionKey),
    signature: outcome.signature,
  };
}
