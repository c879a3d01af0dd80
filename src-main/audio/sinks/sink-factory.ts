/**
 * Turns a sink spec (`default`, `device:<id>`, `null`, `wav:<path>`, `plugin:<id>/<type>`) into an open
 * {@link AudioSink}. Openers come from a registry so the built-in device output (and later
 * plugin sinks) plug in by kind. The device opener is loaded with a dynamic import only
 * when a spec asks for a device, so naudiodon is loaded in the audio worker and nowhere else.
 */
import { FugueError } from '../../../src-shared/errors.ts';
import type { AudioSink, PcmFormat } from '../sink.ts';
import { openRingSink, type RingSinkShared } from './ring-sink.ts';
import { NullSink } from './null-sink.ts';
import { WavFileSink } from './wav-file-sink.ts';

/** A parsed sink spec. */
export type SinkSpec = { kind: 'default'; deviceId?: number } | { kind: 'null' } | { kind: 'wav'; path: string } | { kind: 'plugin'; name: string };

export interface SinkOpenOptions {
  format: PcmFormat;
  latencyMs: number;
  /** For `plugin:` specs: the ring and status cells PluginOutput set up (plugin-sink/plugin-output.ts). */
  plugin?: RingSinkShared;
}

/** An open sink, and whether it plays in real time (a starved real-time sink gets silence; a file waits). */
export interface OpenedSink {
  sink: AudioSink;
  realtime: boolean;
}

export type SinkOpener = (spec: SinkSpec, options: SinkOpenOptions) => OpenedSink | Promise<OpenedSink>;

/** Openers by spec kind. */
export type SinkRegistry = Record<SinkSpec['kind'], SinkOpener>;

interface DeviceSinkModule {
  openDeviceSink(options: { deviceId?: number; format: PcmFormat; latencyMs: number }): AudioSink;
}

/** The built-in openers: naudiodon device output, null, WAV file. */
export const builtinSinks: SinkRegistry = {
  default: async (spec, options) => {
    // A computed specifier: the device module is loaded only here, only when asked for.
    const url = new URL('./device-sink.ts', import.meta.url).href;
    const device = (await import(url)) as DeviceSinkModule;
    const deviceId = spec.kind === 'default' ? spec.deviceId : undefined;
    return { sink: device.openDeviceSink({ deviceId, format: options.format, latencyMs: options.latencyMs }), realtime: true };
  },
  null: (_spec, options) => ({ sink: new NullSink(options.format, options.latencyMs), realtime: true }),
  wav: (spec, options) => ({ sink: new WavFileSink(spec.kind === 'wav' ? spec.path : '', options.format), realtime: false }),
  plugin: (spec, options) => {
    if (!options.plugin) {
      throw new FugueError({ code: 'invalid-argument', message: `${spec.kind === 'plugin' ? spec.name : 'a plugin sink'} needs its ring: open plugin sinks through PluginOutput` });
    }
    return openRingSink(options.plugin, options.format);
  },
};

/** Parses `default`, `device:<id>`, `null`, `wav:<path>` or `plugin:<plugin-id>/<type-id>`. */
export function parseSinkSpec(spec: string): SinkSpec {
  if (spec === 'default') return { kind: 'default' };
  if (spec === 'null') return { kind: 'null' };
  if (spec.startsWith('wav:') && spec.length > 4) return { kind: 'wav', path: spec.slice(4) };
  if (/^plugin:[^/]+\/.+$/.test(spec)) return { kind: 'plugin', name: spec };
  const device = /^device:(\d+)$/.exec(spec);
  if (device) return { kind: 'default', deviceId: Number(device[1]) };
  throw new FugueError({
    code: 'invalid-argument',
    message: `unknown sink "${spec}": use default, device:<id>, null, wav:<path> or plugin:<plugin-id>/<type-id>`,
  });
}

/** Opens the sink a spec names, with `registry` (defaults to the built-in sinks). */
export async function openSink(spec: string, options: SinkOpenOptions, registry: SinkRegistry = builtinSinks): Promise<OpenedSink> {
  const parsed = parseSinkSpec(spec);
  return registry[parsed.kind](parsed, options);
}
