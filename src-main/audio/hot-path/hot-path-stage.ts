/**
 * A hot-path kernel as a {@link DspStage}: maps traps, return codes and flags to stage
 * statuses with a message naming the plugin and the code.
 */
import { describeReturnCode, ProcessFlag, type HotPathFormat } from './abi.ts';
import { StageStatus, type DspStage } from './dsp-chain.ts';
import { HotPathKernel, type KernelStart } from './kernel.ts';
import { checkHotPathSpec, type CheckedKernel } from './module-check.ts';
import type { HotPathSpec } from './abi.ts';

export type StageStart = { ok: true; stage: HotPathStage } | { ok: false; reason: string };

export class HotPathStage implements DspStage {
  readonly input: Float32Array;
  readonly output: Float32Array;
  lastProblem = '';

  constructor(readonly kernel: HotPathKernel) {
    this.input = kernel.input;
    this.output = kernel.output;
  }

  get label(): string {
    return this.kernel.label;
  }

  /** Checks, compiles and starts a spec in one go (the engine may split these across threads). */
  static fromSpec(spec: HotPathSpec, label: string, format: HotPathFormat): StageStart {
    const checked = checkHotPathSpec(spec, label);
    return checked.ok ? HotPathStage.fromChecked(checked.kernel, format) : checked;
  }

  /** Starts a kernel checked elsewhere (a `CheckedKernel` can be posted to the audio worker). */
  static fromChecked(checked: CheckedKernel, format: HotPathFormat): StageStart {
    const started: KernelStart = HotPathKernel.start(checked, format);
    return started.ok ? { ok: true, stage: new HotPathStage(started.kernel) } : started;
  }

  process(frames: number): StageStatus {
    let code: number;
    try {
      code = this.kernel.process(frames);
    } catch (error) {
      this.lastProblem = `process trapped (${error instanceof Error ? error.message : String(error)})`;
      return StageStatus.Failed;
    }
    if (code !== 0) {
      this.lastProblem = `process returned ${describeReturnCode(code)}`;
      return StageStatus.Failed;
    }
    const flags = this.kernel.flags;
    if (flags !== 0) return this.fromFlags(flags, frames);
    if (this.kernel.outFrames !== frames) {
      this.lastProblem = `process reported ${this.kernel.outFrames} frames out for ${frames} in; a DSP kernel must return every frame`;
      return StageStatus.Failed;
    }
    return StageStatus.Ok;
  }

  private fromFlags(flags: number, frames: number): StageStatus {
    if ((flags & ProcessFlag.NeedReset) !== 0) {
      this.lastProblem = 'process set NEED_RESET';
      return StageStatus.NeedsReset;
    }
    if (this.kernel.outFrames !== frames) {
      this.lastProblem = `process reported ${this.kernel.outFrames} frames out for ${frames} in; a DSP kernel must return every frame`;
      return StageStatus.Failed;
    }
    if ((flags & ProcessFlag.SoftError) !== 0) {
      this.lastProblem = 'process set SOFT_ERROR';
      return StageStatus.SoftError;
    }
    // EOF and DRAINED mean nothing for an effect; the block is fine.
    return StageStatus.Ok;
  }

  reset(): boolean {
    let code: number;
    try {
      code = this.kernel.reset();
    } catch (error) {
      this.lastProblem = `reset trapped (${error instanceof Error ? error.message : String(error)})`;
      return false;
    }
    if (code === 0) return true;
    this.lastProblem = `reset returned ${describeReturnCode(code)}`;
    return false;
  }

  dispose(): void {
    this.kernel.dispose();
  }
}
