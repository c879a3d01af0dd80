/**
 * The seam between the pump and the DSP chain. The hot-path helper's chain implements
 * {@link DspStage}; `set-dsp` names a module exporting {@link CreateDspStages}, which the
 * audio worker imports (outside the per-block loop) and swaps in between blocks.
 */
import type { PcmFormat } from './sink.ts';

/** Processes one block in place: `frames` frames of interleaved f32 at the sink's format. */
export interface DspStage {
  readonly name: string;
  process(block: Float32Array, frames: number): void;
  /** Drops state (after a seek or a track change with a different format). */
  reset?(): void;
  dispose?(): void;
  /** What happened inside the stage since the last call (an effect bypassed, reset, erring softly); taken between blocks. */
  takeEvents?(): { events: readonly DspStageEvent[]; dropped: number };
}

/** Something an effect inside a stage did that the user should hear about. */
export interface DspStageEvent {
  kind: 'bypassed' | 'reset' | 'soft-error';
  /** The effect, e.g. `org.fugue.eq/eq10`. */
  stage: string;
  message: string;
}

export type CreateDspStages = (config: unknown, format: PcmFormat, maxFrames: number) => DspStage[] | Promise<DspStage[]>;
