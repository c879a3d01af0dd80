/**
 * The effect chain editor and the problem alerts by their accessible names, a tone file
 * generated with sox, and host-side steps the effect specs set up with (playing a file,
 * installing a package from a path).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import type { EffectRef, InstallReply } from '../../src-shared/contract/index.ts';
import type { ContractEvent } from '../../src-shared/contract/registry.ts';
import type { HostClient } from './host-client.ts';
import { nextEvent } from './plugins-page.ts';

const run = promisify(execFile);

export class EffectsPage {
  constructor(readonly page: Page) {}

  region(): Locator {
    return this.page.getByRole('region', { name: 'Effects' });
  }

  picker(): Locator {
    return this.region().getByRole('combobox', { name: 'Effect to add' });
  }

  /** Picks `effect` in "Effect to add" (waiting until it is offered) and presses "Add effect". */
  async add(effect: EffectRef): Promise<void> {
    await this.picker().selectOption(`${effect.pluginId}/${effect.typeId}`);
    await this.region().getByRole('button', { name: 'Add effect' }).click();
  }

  chain(): Locator {
    return this.region().getByRole('list', { name: 'Effect chain' });
  }

  entry(label: string): Locator {
    return this.chain().getByRole('listitem').filter({ hasText: label });
  }

  bypass(label: string): Locator {
    return this.region().getByRole('checkbox', { name: `Bypass ${label}` });
  }

  /** The live line saying which effects are active (it changes once the host took the chain). */
  status(): Locator {
    return this.region().getByRole('status');
  }

  /** The alert about a problem whose text contains `text`. */
  problem(text: string): Locator {
    return this.page.getByRole('region', { name: 'Problems' }).getByRole('alert').filter({ hasText: text });
  }
}

/** Writes a `seconds`-long 440 Hz stereo WAV into `folder` with sox and answers its path. */
export async function toneFile(folder: string, seconds: number): Promise<string> {
  const path = join(folder, 'tone.wav');
  await run('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', path, 'synth', String(seconds), 'sine', '440', 'vol', '0.3']);
  return path;
}

/** Queues and starts `path` on the host, resolving once the host reports a position. */
export async function playFile(host: HostClient, path: string): Promise<void> {
  const playing = nextEvent(host, (event) => event.event === 'player.position');
  const status = await host.contract['playback.setQueue']({ tracks: [{ kind: 'file', path }] });
  if (!status.ok) throw new Error(`playback.setQueue failed: ${status.error.message}`);
  await playing;
}

/** Installs a package by its path on this machine, approving the consent if one is asked. */
export async function installFromPath(host: HostClient, path: string): Promise<void> {
  let reply = await host.contract['plugins.install']({ source: { kind: 'path', path } });
  if (reply.ok && reply.value.status === 'consent-required') {
    reply = await host.contract['plugins.answerConsent']({ consentId: reply.value.request.consentId, approve: true });
  }
  if (!reply.ok) throw new Error(`installing ${path} failed: ${reply.error.message}`);
  if ((reply.value as InstallReply).status !== 'installed') throw new Error(`installing ${path} did not finish: ${JSON.stringify(reply.value)}`);
}

/** The effects the host runs now, and whether it plays. */
export async function hostPlayback(host: HostClient): Promise<{ state: string; effects: EffectRef[] }> {
  const status = await host.contract['playback.status']();
  if (!status.ok) throw new Error(`playback.status failed: ${status.error.message}`);
  return { state: status.value.state, effects: status.value.effects };
}

/** The last position the host reported before `event` (0 when none). */
export function positionBefore(host: HostClient, event: ContractEvent): number {
  const before = host.events.slice(0, host.events.indexOf(event));
  const last = before.findLast((entry) => entry.event === 'player.position');
  return last?.event === 'player.position' ? last.payload.positionMs : 0;
}

/** Resolves with the next position report past `positionMs`: the music went on. */
export function positionPast(host: HostClient, positionMs: number): Promise<ContractEvent> {
  return nextEvent(host, (event) => event.event === 'player.position' && event.payload.positionMs > positionMs);
}
