/**
 * Playing through a plugin's output sink, and falling back to a built-in output when it
 * fails. The plugin's `sink` lives in its component worker; the audio worker gets a
 * RingSink over a fresh PCM ring (spec `plugin:<plugin-id>/<type-id>`), and a
 * {@link PluginSinkFeeder} moves the audio from that ring into the plugin, worker to
 * worker. When the plugin cannot be opened, or any later call fails (an error, a trap, a
 * deadline, the plugin unloaded), the audio worker is switched to the fallback spec
 * (`default` unless told otherwise) and an event names the plugin and the error. The
 * transport is not touched: playback carries on, and positions keep advancing.
 */
import type { Disposable } from '../../../src-shared/disposable.ts';
import { FugueError, toFugueErrorData, type FugueErrorData } from '../../../src-shared/errors.ts';
import type { PluginHost, PluginLease } from '../../plugins/plugin-host.ts';
import type { ResourceRef } from '../../runtime/protocol.ts';
import { PcmRing } from '../pcm-ring.ts';
import type { PcmFormat } from '../sink.ts';
import { RingSinkStatus, type RingSinkShared } from '../sinks/ring-sink.ts';
import { PluginSinkFeeder, type PluginSinkFeederOptions } from './feeder.ts';

/** The part of the audio worker's handle that switches sinks (AudioOutput, once it takes a ring). */
export interface SinkSwitch {
  openSink(spec: string, format: PcmFormat, latencyMs: number, blockFrames?: number, plugin?: RingSinkShared): Promise<void>;
}

/** Which plugin sink to play through. */
export interface PluginSinkRef {
  pluginId: string;
  typeId: string;
  /** A target from `list-targets`; the plugin's default when absent. */
  targetId?: string;
}

export type PluginOutputEvent =
  /** The plugin sink could not open or failed while playing; `fallback` plays instead. */
  | { type: 'plugin-sink-failed'; pluginId: string; typeId: string; error: FugueErrorData; fallback: string }
  /** The fallback output could not be opened either: nothing plays until a sink is opened. */
  | { type: 'fallback-failed'; fallback: string; error: FugueErrorData };

/** How often the plugin's running version is checked (a Map lookup). */
const VERSION_CHECK_MS = 200;

export interface PluginOutputOptions {
  host: Pick<PluginHost, 'acquire' | 'abilities' | 'activeVersion'>;
  output: SinkSwitch;
  sink: PluginSinkRef;
  format: PcmFormat;
  latencyMs: number;
  blockFrames: number;
  /** The built-in sink spec used when the plugin fails; default `default` (the device). */
  fallback?: string;
  /**
   * Whether the pump pads a starved track ring with silence (true) or waits for the decoder
   * (false, the default). A plugin sink that does not pace itself (a recorder takes every
   * frame at once) would otherwise outrun the decoder and record silence; one that plays
   * to a device paces by backpressure and covers its own underruns, so waiting costs it
   * nothing. (WIT `output-target` says neither; a future `paced` field could.)
   */
  realtime?: boolean;
  /** Feeder tuning (chunk size, backoff). */
  feeder?: Pick<PluginSinkFeederOptions, 'chunkFrames' | 'backoffMs' | 'idleMs' | 'queuedEveryMs'>;
  onEvent?(event: PluginOutputEvent): void;
}

/** `plugin:<plugin-id>/<type-id>[/<target-id>]`, or undefined for any other sink spec. */
export function parsePluginSinkSpec(spec: string): PluginSinkRef | undefined {
  const match = /^plugin:([^/]+)\/([^/]+)(?:\/(.+))?$/.exec(spec);
  if (!match) return undefined;
  return { pluginId: match[1] as string, typeId: match[2] as string, ...(match[3] === undefined ? {} : { targetId: match[3] }) };
}

/** The targets a plugin's output sink offers now (WIT `output-target` records), for a device picker. */
export async function listTargets(host: Pick<PluginHost, 'acquire'>, pluginId: string): Promise<unknown[]> {
  const lease = host.acquire(pluginId, undefined, 'output-sink');
  try {
    return (await lease.instance.call('output-sink', 'list-targets')) as unknown[];
  } finally {
    lease.release();
  }
}

interface Running {
  lease: PluginLease;
  sink: ResourceRef;
  feeder: PluginSinkFeeder;
  status: RingSinkStatus;
}

export class PluginOutput implements Disposable {
  private running: Running | undefined;
  private feeder: PluginSinkFeeder | undefined;
  private fallingBack: Promise<void> | undefined;
  private reopening: Promise<void> | undefined;
  private watch: NodeJS.Timeout | undefined;
  private disposed = false;

  private constructor(private readonly options: PluginOutputOptions) {}

  /** Opens the plugin sink and points the audio worker at it; on failure, opens the fallback instead. */
  static async open(options: PluginOutputOptions): Promise<PluginOutput> {
    const output = new PluginOutput(options);
    try {
      await output.start();
      if (output.fallingBack === undefined) output.watch = setInterval(() => output.checkVersion(), VERSION_CHECK_MS);
    } catch (error) {
      await output.fallBack(error);
    }
    return output;
  }

  /**
   * `plugin` while the plugin plays, `fallback` once the built-in output took over, `closed`
   * once the audio worker moved to another sink (or this was disposed).
   */
  get active(): 'plugin' | 'fallback' | 'closed' {
    if (this.fallingBack !== undefined) return 'fallback';
    return this.running === undefined && this.reopening === undefined ? 'closed' : 'plugin';
  }

  /** Frames the plugin accepted so far. */
  get framesAccepted(): number {
    return this.feeder?.framesAccepted ?? 0;
  }

  /** Resolves once a switch to the fallback (if one started) has finished. */
  async settled(): Promise<void> {
    await this.fallingBack;
  }

  /** Stops feeding and closes the plugin's sink (the audio worker's sink is the caller's to replace). */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.watch);
    await this.reopening;
    await this.fallingBack;
    await this.close();
  }

  private async start(): Promise<void> {
    const { host, sink, format } = this.options;
    const ability = host.abilities('output-sink').find((entry) => entry.pluginId === sink.pluginId && entry.ability.type_id === sink.typeId);
    if (ability === undefined) {
      throw new FugueError({ code: 'not-found', message: `no running plugin ${sink.pluginId} offers the output sink "${sink.typeId}"; enable it or choose another output`, plugin: { pluginId: sink.pluginId } });
    }
    const lease = host.acquire(sink.pluginId, ability.componentId, 'output-sink');
    let ref: ResourceRef;
    try {
      ref = (await lease.instance.call('output-sink', 'open', [sink.typeId, sink.targetId, format])) as ResourceRef;
    } catch (error) {
      lease.release();
      throw error;
    }
    const ring = PcmRing.create(format.channels, this.ringFrames());
    const status = new RingSinkStatus();
    const feeder = new PluginSinkFeeder({ ...this.options.feeder, calls: lease.instance, sink: ref, ring, status, onFailure: (error) => void this.fallBack(error) });
    const running: Running = { lease, sink: ref, feeder, status };
    this.running = running;
    this.feeder = feeder;
    feeder.start();
    // The audio worker closed the ring sink (another sink was opened): the plugin's sink goes too.
    void feeder.finished.then(() => {
      if (!status.isClosed() || this.running !== running) return;
      clearInterval(this.watch);
      void this.close();
    });
    const shared: RingSinkShared = { name: `plugin:${sink.pluginId}/${sink.typeId}`, ring: ring.shared, status: status.buffer, realtime: this.options.realtime ?? false };
    await this.options.output.openSink(shared.name, format, this.options.latencyMs, this.options.blockFrames, shared);
  }

  /**
   * A lease keeps a plugin version running for the host's drain timeout (30 s), so a
   * plugin disabled or uninstalled while it plays is noticed here and left at once; a new
   * version (an update, a dev reload) is reopened in its place.
   */
  private checkVersion(): void {
    const running = this.running;
    if (running === undefined || this.reopening !== undefined || this.fallingBack !== undefined || this.disposed) return;
    const { pluginId } = this.options.sink;
    const active = this.options.host.activeVersion(pluginId);
    if (active === running.lease.version) return;
    if (active === undefined) {
      void this.fallBack(new FugueError({ code: 'disposed', message: `plugin ${pluginId} was disabled or uninstalled while playing`, plugin: { pluginId } }));
      return;
    }
    this.reopening = this.reopen().finally(() => (this.reopening = undefined));
  }

  private async reopen(): Promise<void> {
    await this.close();
    try {
      await this.start();
    } catch (error) {
      await this.fallBack(error);
    }
  }

  /** The ring holds about the latency target, and never less than two blocks. */
  private ringFrames(): number {
    const { format, latencyMs, blockFrames } = this.options;
    return Math.max(2 * blockFrames, Math.round((format.sampleRate * latencyMs) / 1000));
  }

  private fallBack(error: unknown): Promise<void> {
    this.fallingBack ??= this.switchToFallback(toFugueErrorData(error, 'plugin-failed'));
    return this.fallingBack;
  }

  private async switchToFallback(error: FugueErrorData): Promise<void> {
    const { sink, format, latencyMs, blockFrames } = this.options;
    const fallback = this.options.fallback ?? 'default';
    clearInterval(this.watch);
    const message = `the output ${sink.pluginId}/${sink.typeId} failed (${error.message}); playing through ${fallback} instead`;
    this.options.onEvent?.({ type: 'plugin-sink-failed', pluginId: sink.pluginId, typeId: sink.typeId, error: { ...error, message }, fallback });
    if (!this.disposed) {
      try {
        // The replacement first: the gap is what the ring held when the plugin failed.
        await this.options.output.openSink(fallback, format, latencyMs, blockFrames);
      } catch (failure) {
        this.options.onEvent?.({ type: 'fallback-failed', fallback, error: toFugueErrorData(failure) });
      }
    }
    await this.close();
  }

  private async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running === undefined) return;
    await running.feeder.dispose();
    // Nobody feeds the ring any more: the RingSink, if still attached, stops waiting on it.
    running.status.fail();
    try {
      await running.lease.instance.drop(running.sink);
    } catch {
      // The plugin's instance is gone (trapped, timed out or unloaded), and the sink with it.
    } finally {
      running.lease.release();
    }
  }
}
