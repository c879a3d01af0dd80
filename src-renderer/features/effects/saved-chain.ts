/**
 * The effect chain as last confirmed, kept in this page's local storage so bypassed
 * entries (which the host does not know about) survive a reload. The host stays the truth
 * for what runs: on load its chain is merged into the saved one (see `reconcileChain`).
 */
import { z } from 'zod';
import { effectRefSchema } from '../../../src-shared/contract/index.ts';
import type { ChainEntry } from '../../store/effects-slice.ts';

const STORAGE_KEY = 'fugue.effects.chain';
const savedChainSchema = z.array(effectRefSchema.extend({ bypassed: z.boolean() })).max(64);

/** The saved chain; empty when none was saved, storage is unavailable, or what is there is not a chain. */
export function loadSavedChain(): ChainEntry[] {
  try {
    const text = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (text === null || text === undefined) return [];
    const parsed = savedChainSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function saveChain(chain: readonly ChainEntry[]): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(chain.map(({ pluginId, typeId, bypassed }) => ({ pluginId, typeId, bypassed }))));
  } catch {
    // Storage full or refused (a private window): the chain still works, it just is not remembered.
  }
}
