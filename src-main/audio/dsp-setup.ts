/**
 * Turns the user's DSP chain (`<plugin-id>/<type-id>` effects, in order) into what the
 * audio worker runs: each effect's hot-path kernel, asked of its plugin for the sink's
 * format. An effect whose plugin offers no kernel (or an unsupported ABI) runs through its
 * component path instead — a call per chunk on the plugin's worker — which the realtime
 * thread must never wait for, so it runs on the decoding side, before the ring
 * (component-effects.ts).
 */
import { FugueError } from '../../src-shared/errors.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { HOT_PATH_ABI_VERSION, type HotPathSpec } from './hot-path/abi.ts';
import type { HotPathChainConfig } from './hot-path/seam.ts';
import type { PcmFormat } from './sink.ts';

/** One effect of the chain, as the user named it. */
export interface DspRef {
  pluginId: string;
  typeId: string;
}

/** The kernels the audio worker runs, and the effects that need their component path (with why). */
export interface DspPlan {
  config: HotPathChainConfig;
  componentPath: { effect: DspRef; reason: string }[];
}

/** Parses `<plugin-id>/<type-id>`. */
export function parseDspRef(text: string): DspRef {
  const slash = text.lastIndexOf('/');
  if (slash <= 0 || slash === text.length - 1) {
    throw new FugueError({ code: 'invalid-argument', message: `"${text}" does not name an effect; write <plugin-id>/<type-id>, e.g. org.fugue.eq/eq10` });
  }
  return { pluginId: text.slice(0, slash), typeId: text.slice(slash + 1) };
}

/** Asks each effect's plugin for its kernel at `format`; fails when an effect does not exist. */
export async function planDspChain(host: PluginHost, effects: readonly DspRef[], format: PcmFormat, maxFrames: number): Promise<DspPlan> {
  const kernels: HotPathChainConfig['kernels'] = [];
  const componentPath: DspPlan['componentPath'] = [];
  for (const effect of effects) {
    const label = `${effect.pluginId}/${effect.typeId}`;
    const found = host.abilities('dsp').find((entry) => entry.pluginId === effect.pluginId && entry.ability.type_id === effect.typeId);
    if (found === undefined) {
      throw new FugueError({ code: 'not-found', message: `no enabled plugin provides the effect ${label}; "fugue plugin list" shows what is installed` });
    }
    const spec = (await host.call(effect.pluginId, 'dsp', 'describe-hot-path', [effect.typeId, format, maxFrames], { component: found.componentId })) as HotPathSpec | undefined;
    const later = 'so it runs through its component path, before the audio thread (changes reach it from the next track)';
    if (spec === undefined || spec === null) componentPath.push({ effect, reason: `${label} has no hot path, ${later}` });
    else if (spec.abiVersion !== HOT_PATH_ABI_VERSION) componentPath.push({ effect, reason: `${label} offers hot-path ABI ${spec.abiVersion} (this Fugue runs ABI ${HOT_PATH_ABI_VERSION}), ${later}` });
    else kernels.push({ label, spec: spec as HotPathChainConfig['kernels'][number]['spec'] });
  }
  return { config: { kernels }, componentPath };
}
