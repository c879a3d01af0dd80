/**
 * Effects that offer no hot-path kernel run through their component path — a
 * `processor.process` call per chunk on the plugin's own worker — on the decoding side,
 * before the track's PCM ring: the realtime thread never waits for them. Each stage reads
 * a small ring and writes the next (its worker moves the samples: `from` + `into`), so the
 * main thread only schedules. One chain per track, at the track's format; an effect that
 * fails is dropped from the chain and its pending audio passes on dry.
 */
import { toFugueErrorData, type FugueErrorData } from '../../src-shared/errors.ts';
import type { PluginHost, PluginLease } from '../plugins/plugin-host.ts';
import type { ResourceRef } from '../runtime/protocol.ts';
import type { DspRef } from './dsp-setup.ts';
import { PcmRing } from './pcm-ring.ts';
import type { PcmFormat } from './sink.ts';

interface Stage {
  label: string;
  lease: PluginLease;
  processor: ResourceRef;
  /** The ring this stage reads. */
  input: PcmRing;
}

export interface ComponentEffectsOptions {
  /** Told when an effect could not be set up or failed mid-track and was dropped. */
  onDropped?(effect: string, error: FugueErrorData): void;
}

export class ComponentEffectChain {
  private constructor(
    private stages: Stage[],
    private readonly options: ComponentEffectsOptions,
  ) {}

  /** Creates a processor per effect for `format`; an effect that cannot be created is reported and left out. */
  static async open(host: PluginHost, effects: readonly DspRef[], format: PcmFormat, maxFrames: number, options: ComponentEffectsOptions = {}): Promise<ComponentEffectChain> {
    const stages: Stage[] = [];
    for (const effect of effects) {
      const label = `${effect.pluginId}/${effect.typeId}`;
      try {
        const lease = host.acquire(effect.pluginId, undefined, 'dsp');
        try {
          const processor = (await lease.instance.call('dsp', 'create', [effect.typeId, format, maxFrames])) as ResourceRef;
          stages.push({ label, lease, processor, input: PcmRing.create(format.channels, 2 * maxFrames) });
        } catch (error) {
          lease.release();
          throw error;
        }
      } catch (error) {
        options.onDropped?.(label, toFugueErrorData(error));
      }
    }
    return new ComponentEffectChain(stages, options);
  }

  get size(): number {
    return this.stages.length;
  }

  /** The ring the decoder writes into: the first effect's input. */
  get input(): PcmRing | undefined {
    return this.stages[0]?.input;
  }

  /** Passes everything in the chain's rings through the effects into `output`. */
  async drainInto(output: PcmRing): Promise<void> {
    for (let index = 0; index < this.stages.length; index++) {
      const stage = this.stages[index] as Stage;
      const next = this.stages[index + 1]?.input ?? output;
      const frames = stage.input.availableFrames();
      if (frames === 0) continue;
      try {
        await stage.lease.instance.callMethod(stage.processor, 'process', [{ $pcmFrom: frames }], { from: stage.input.shared, into: next.shared });
      } catch (error) {
        this.drop(index, toFugueErrorData(error), next);
        index -= 1;
      }
    }
  }

  /** Drops every processor and releases the plugin versions they ran on. */
  async close(): Promise<void> {
    const stages = this.stages;
    this.stages = [];
    await Promise.all(stages.map((stage) => this.release(stage)));
  }

  /** A failed effect leaves the chain; what waited for it passes on dry. */
  private drop(index: number, error: FugueErrorData, next: PcmRing): void {
    const [stage] = this.stages.splice(index, 1);
    if (stage === undefined) return;
    const pending = new Float32Array(stage.input.availableFrames() * stage.input.channels);
    next.write(pending, stage.input.read(pending, pending.length / stage.input.channels));
    this.options.onDropped?.(stage.label, error);
    void this.release(stage);
  }

  private async release(stage: Stage): Promise<void> {
    await stage.lease.instance.drop(stage.processor).catch(() => undefined);
    stage.lease.release();
  }
}
