/**
 * The effect-chain flows the web spec (e2e/effects.spec.ts) and its Electron twin share:
 * the effects they use, the tone the host plays, adding the EQ and bypassing it from the
 * keyboard while the music goes on, and a faulty effect that breaks mid-track. Each step
 * waits on the host's named events through a `HostClient` and checks both what the host
 * runs (`playback.status`) and what the user sees in the editor.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator } from '@playwright/test';
import type { ContractEvent } from '../../src-shared/contract/registry.ts';
import { packagePath } from '../environment.ts';
import { hostPlayback, installFromPath, playFile, positionBefore, positionPast, toneFile, type EffectsPage } from './effects-page.ts';
import type { HostClient } from './host-client.ts';
import { nextEvent, statusEvent } from './plugins-page.ts';

export const EQ = { pluginId: 'org.fugue.eq', typeId: 'eq10' };
export const EQ_LABEL = '10-band parametric EQ';
/** Its hot-path kernel copies audio for 40 blocks, then traps (plugin-fixtures/fault-dsp). */
export const FAULT_FILE = 'org.fugue.fixture.fault-dsp-0.1.0.zip';
export const FAULT = { pluginId: 'org.fugue.fixture.fault-dsp', typeId: 'trap-after' };
export const FAULT_NAME = 'Fixture faulty effects';
export const FAULT_LABEL = 'Traps after 40 blocks';
/** Long enough that the track cannot end during a slow run's UI steps. */
const TONE_SECONDS = 60;

/** A temp folder with the tone the effect specs play (`tone.wav`, 440 Hz). */
export class ToneFolder {
  private constructor(
    private readonly folder: string,
    readonly tone: string,
  ) {}

  static async create(prefix: string): Promise<ToneFolder> {
    const folder = await mkdtemp(join(tmpdir(), prefix));
    return new ToneFolder(folder, await toneFile(folder, TONE_SECONDS));
  }

  dispose(): Promise<void> {
    return rm(this.folder, { recursive: true, force: true });
  }
}

/** Once the editor shows, starts the tone on the host (resolving when the host reports a position). */
export async function playToneWithEditor(effects: EffectsPage, host: HostClient, tone: ToneFolder): Promise<void> {
  await expect(effects.region()).toBeVisible();
  await playFile(host, tone.tone);
}

/** Adds the EQ in the editor: the status line, the host's chain and the editor's list all have it, and it plays. */
export async function addEq(effects: EffectsPage, host: HostClient): Promise<void> {
  await effects.add(EQ);
  await expect(effects.status()).toHaveText(`Active, in order: ${EQ_LABEL}.`);
  expect(await hostPlayback(host)).toEqual({ state: 'playing', effects: [EQ] });
  await expect(effects.entry(EQ_LABEL)).toBeVisible();
}

/**
 * Bypasses the EQ from the keyboard (focus its checkbox, press Space): no effect is active
 * on the host or in the status line, the entry keeps its place marked "bypassed", and the
 * music goes on past where it was.
 */
export async function bypassEqFromKeyboard(effects: EffectsPage, host: HostClient): Promise<void> {
  const bypass = effects.bypass(EQ_LABEL);
  await bypass.focus();
  await effects.page.keyboard.press('Space');
  await expect(bypass).toBeChecked();
  await expect(effects.status()).toHaveText('No effect is active.');
  expect(await hostPlayback(host)).toEqual({ state: 'playing', effects: [] });
  await expect(effects.entry(EQ_LABEL)).toContainText('bypassed');
  const now = host.events.findLast((event) => event.event === 'player.position');
  await positionPast(host, now?.event === 'player.position' ? now.payload.positionMs : 0);
}

/**
 * Installs the fault fixture, adds its trapping effect to the chain and answers the host's
 * `player.effect` "bypassed" report, which names the effect and the trap.
 */
export async function addFaultyEffect(effects: EffectsPage, host: HostClient): Promise<ContractEvent> {
  const active = statusEvent(host, FAULT.pluginId, 'active');
  await installFromPath(host, packagePath(FAULT_FILE));
  await active;

  const failed = nextEvent(host, (event) => event.event === 'player.effect' && event.payload.kind === 'bypassed');
  await effects.add(FAULT);
  const failure = await failed;
  expect(failure.payload).toMatchObject({ effect: `${FAULT.pluginId}/${FAULT.typeId}`, message: expect.stringMatching(/trap|unreachable/i) });
  return failure;
}

/** The alert naming the broken plugin says it was bypassed and playback continues; its chain entry says it stopped working. */
export async function expectFaultAlert(effects: EffectsPage): Promise<Locator> {
  const alert = effects.problem(FAULT_NAME);
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(`${FAULT_NAME} (${FAULT_LABEL}) stopped working and was bypassed`);
  await expect(alert).toContainText('Playback continues without it.');
  await expect(effects.entry(FAULT_LABEL)).toContainText('stopped working');
  return alert;
}

/** A full second of music after `failure`, and the player still says it plays. */
export async function expectPlaybackOutlives(host: HostClient, failure: ContractEvent): Promise<void> {
  await positionPast(host, positionBefore(host, failure) + 1000);
  expect((await hostPlayback(host)).state).toBe('playing');
}
