/**
 * The composition of playback over running plugin services: the audio worker (which owns
 * the sink, and naudiodon when the sink is the device), and the player that feeds it from
 * decoder plugins. The sink opens with the first track's format; later tracks in another
 * format are converted by the audio worker. Effects run as hot-path kernels in the audio
 * worker; one that never returns is caught by a watchdog here, and playback moves to a new
 * audio worker without it.
 */
import type { Disposable } from '../../src-shared/disposable.ts';
import { AudioOutput } from '../audio/audio-output.ts';
import { planDspChain, type DspRef } from '../audio/dsp-setup.ts';
import { ChainWatchdog, type StuckStage } from '../audio/hot-path/watchdog.ts';
import { Player } from '../audio/player.ts';
import { parsePluginSinkSpec, PluginOutput, type PluginOutputEvent } from '../audio/plugin-sink/plugin-output.ts';
import type { PcmFormat } from '../audio/sink.ts';
import { parseSinkSpec } from '../audio/sinks/sink-factory.ts';
import { SwitchableOutput } from '../audio/switchable-output.ts';
import type { SourceRoots } from '../audio/track.ts';
import type { ReplayGainSettings } from '../audio/replay-gain.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';

/** The audio worker's hot-path chain module (see src-main/audio/hot-path/seam.ts). */
const HOT_PATH_SEAM = new URL('../audio/hot-path/seam.ts', import.meta.url).href;
const DEFAULT_BLOCK_FRAMES = 512;

export interface PlaybackOptions {
  host: PluginHost;
  /**
   * `default` (the device), `device:<id>`, `null` (paced in real time, discarded), `wav:<path>`,
   * or `plugin:<plugin-id>/<type-id>[/<target-id>]` (a plugin's output sink).
   */
  sink: string;
  /** The built-in sink a failing plugin sink is replaced by; default `default`. */
  fallbackSink?: string;
  /** Told when a plugin sink failed and the fallback took over. */
  onOutputEvent?(event: PluginOutputEvent): void;
  /** Output latency target; the device queue is sized from it. */
  latencyMs?: number;
  /** Frames per block in the audio worker. */
  blockFrames?: number;
  sourceRoots?: SourceRoots;
  /** Effects to run, in order (hot-path kernels in the audio worker). */
  effects?: readonly DspRef[];
  /** Told about effects that run through their component path (no hot path, another ABI). */
  onEffectNotice?(reason: string): void;
  /** How long the chain may stand still inside one effect before it counts as hung. */
  hangMs?: number;
  /** ReplayGain from the decoders' tags (default off); change it later with `player.setReplayGain`. */
  replayGain?: ReplayGainSettings;
}

export class Playback implements Disposable {
  readonly player: Player;
  private readonly switchable: SwitchableOutput;
  private sinkFormat: PcmFormat | undefined;
  private pluginOutput: PluginOutput | undefined;
  private effects: readonly DspRef[];
  /** Effects that hung the audio worker: left out until the user sets the chain again. */
  private readonly hung = new Set<string>();
  private watchdog: ChainWatchdog | undefined;
  private running: string[] = [];
  private disposed = false;
  /** The output spec now (PlaybackOptions.sink until setSink). */
  private sinkSpec: string;
  /** Sink switches run one at a time, in the order asked. */
  private switching: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PlaybackOptions) {
    this.effects = options.effects ?? [];
    this.sinkSpec = options.sink;
    this.switchable = new SwitchableOutput(new AudioOutput());
    this.player = new Player({
      host: options.host,
      output: this.switchable,
      // Decoded audio kept ahead grows with the output latency the user allows.
      readAheadMs: Math.min(4000, Math.max(500, 8 * this.latencyMs())),
      ...(options.sourceRoots === undefined ? {} : { sourceRoots: options.sourceRoots }),
      ...(options.replayGain === undefined ? {} : { replayGain: options.replayGain }),
      prepareOutput: (info) => this.openSink({ sampleRate: info.sampleRate, channels: info.channels }),
    });
  }

  /** The audio worker's handle now (a hung effect replaces it). */
  get output(): AudioOutput {
    return this.switchable.current;
  }

  /** The output spec playing now (see PlaybackOptions.sink). */
  get sink(): string {
    return this.sinkSpec;
  }

  /**
   * Switches the output (same spec forms as PlaybackOptions.sink) without stopping: the
   * audio worker closes the old sink (a WAV file is finished) and goes on into the new one
   * with the same format, keeping the queue, position and effects. Before the first track
   * it only changes what will open. When the new output cannot open, the old one is
   * reopened (a `wav:` file starts again) and the error says why.
   */
  async setSink(spec: string): Promise<void> {
    parseSinkSpec(spec); // an unknown spec is refused now, not at the next track
    const next = this.switching.then(() => this.switchSink(spec));
    this.switching = next.catch(() => undefined);
    await next;
  }

  private async switchSink(spec: string): Promise<void> {
    const previous = this.sinkSpec;
    this.sinkSpec = spec;
    const format = this.sinkFormat;
    if (format === undefined || this.disposed || spec === previous) return;
    try {
      await this.openSinkOn(this.switchable.current, format);
    } catch (error) {
      this.sinkSpec = previous;
      await this.openSinkOn(this.switchable.current, format).catch(() => undefined);
      throw error;
    }
  }

  /** Replaces the effect chain; applied at once when the sink is open, else when it opens. */
  async setEffects(effects: readonly DspRef[]): Promise<void> {
    this.effects = [...effects];
    this.hung.clear();
    if (this.sinkFormat !== undefined) await this.applyEffects(this.sinkFormat);
  }

  /** Stops the player, closes its decoder sessions, then the sink (a WAV file is finished) and the worker. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.watchdog?.dispose();
    await this.player.dispose();
    await this.pluginOutput?.dispose();
    await this.switchable.current.dispose();
  }

  private async openSink(format: PcmFormat): Promise<void> {
    if (this.sinkFormat !== undefined) return;
    await this.openSinkOn(this.switchable.current, format);
    this.sinkFormat = format;
    await this.applyEffects(format);
  }

  /** Opens the current spec; a plugin output playing before is closed once the new sink took over. */
  private async openSinkOn(output: AudioOutput, format: PcmFormat): Promise<void> {
    const previous = this.pluginOutput;
    this.pluginOutput = undefined;
    try {
      await this.openSpec(output, format);
    } finally {
      await previous?.dispose();
    }
  }

  private async openSpec(output: AudioOutput, format: PcmFormat): Promise<void> {
    const plugin = parsePluginSinkSpec(this.sinkSpec);
    if (plugin === undefined) return output.openSink(this.sinkSpec, format, this.latencyMs(), this.blockFrames());
    this.pluginOutput = await PluginOutput.open({
      host: this.options.host,
      output,
      sink: plugin,
      format,
      latencyMs: this.latencyMs(),
      blockFrames: this.blockFrames(),
      fallback: this.options.fallbackSink ?? 'default',
      onEvent: (event) => this.options.onOutputEvent?.(event),
    });
  }

  private async applyEffects(format: PcmFormat): Promise<void> {
    this.watchdog?.dispose();
    this.watchdog = undefined;
    const wanted = this.effects.filter((effect) => !this.hung.has(labelOf(effect)));
    if (wanted.length === 0) {
      this.running = [];
      this.player.setComponentEffects([]);
      return this.switchable.current.setDsp(null);
    }
    const plan = await planDspChain(this.options.host, wanted, format, this.blockFrames());
    for (const entry of plan.componentPath) this.options.onEffectNotice?.(entry.reason);
    this.player.setComponentEffects(plan.componentPath.map((entry) => entry.effect));
    const progress = new SharedArrayBuffer(8);
    this.running = plan.config.kernels.map((kernel) => kernel.label);
    await this.switchable.current.setDsp({ module: HOT_PATH_SEAM, config: { ...plan.config, progress } });
    if (this.running.length > 0) {
      this.watchdog = new ChainWatchdog(new Int32Array(progress), { stallMs: this.options.hangMs ?? Math.max(500, 4 * this.latencyMs()), onStuck: (stuck) => void this.recoverFromHang(stuck) });
    }
  }

  /**
   * An effect never returned: its audio worker cannot be interrupted, so a new worker takes
   * over (same sink, the chain without that effect) and the track goes on from where it
   * was audible. A `wav:` sink starts its file again.
   */
  private async recoverFromHang(stuck: StuckStage): Promise<void> {
    const effect = this.running[stuck.index] ?? `effect #${stuck.index + 1}`;
    this.hung.add(effect);
    this.player.notify({ type: 'dsp', kind: 'bypassed', effect, message: `${effect} stopped responding (${Math.round(stuck.stalledMs)} ms inside one block); it was removed from the chain and playback moved to a new audio thread` });
    const format = this.sinkFormat;
    if (this.disposed || format === undefined) return;
    const previous = this.switchable.replace(new AudioOutput());
    await previous.dispose();
    await this.openSinkOn(this.switchable.current, format);
    await this.switchable.current.setVolume(this.switchable.volume, 0);
    await this.applyEffects(format);
    await this.player.resume();
  }

  private latencyMs(): number {
    return this.options.latencyMs ?? 100;
  }

  private blockFrames(): number {
    return this.options.blockFrames ?? DEFAULT_BLOCK_FRAMES;
  }
}

function labelOf(effect: DspRef): string {
  return `${effect.pluginId}/${effect.typeId}`;
}
