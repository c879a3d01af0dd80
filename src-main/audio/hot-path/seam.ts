/**
 * The hot-path chain behind the audio worker's DSP seam (../dsp-seam.ts): `set-dsp` with
 * `module` = this file and `config` = {@link HotPathChainConfig} gives the pump one in-place
 * stage running every accepted kernel. Refused kernels are listed (the engine runs their
 * component path instead); chain events are taken between blocks.
 */
import { z } from 'zod';
import type { CreateDspStages, DspStage as SeamStage } from '../dsp-seam.ts';
import type { PcmFormat } from '../sink.ts';
import { DspChain, type DspChainEvent } from './dsp-chain.ts';
import { HotPathStage } from './hot-path-stage.ts';

// Any Uint8Array (jco may hand out views of a SharedArrayBuffer-backed or a plain buffer).
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected a Uint8Array');

const configSchema = z.object({
  kernels: z.array(
    z.object({
      /** `<plugin-id>/<type-id>`, for messages. */
      label: z.string().min(1),
      spec: z.object({ abiVersion: z.number(), module: bytes, heapBytes: z.number(), initData: bytes }),
    }),
  ),
  budgetFraction: z.number().positive().max(1).optional(),
  /** A SharedArrayBuffer of at least 8 bytes a watchdog reads (see `ChainProgress`). */
  progress: z.instanceof(SharedArrayBuffer).optional(),
});

export type HotPathChainConfig = z.input<typeof configSchema>;

/** The whole chain as one in-place seam stage. */
export class ChainSeamStage implements SeamStage {
  readonly name = 'hot-path chain';

  constructor(
    readonly chain: DspChain,
    /** Why each refused kernel was refused (one message per kernel). */
    readonly refused: readonly string[],
  ) {}

  process(block: Float32Array, frames: number): void {
    const output = this.chain.process(block, frames);
    // Every stage bypassed: the output is the block (or a view of it) already.
    if (output.buffer !== block.buffer || output.byteOffset !== block.byteOffset) block.set(output);
  }

  reset(): void {
    this.chain.reset();
  }

  /** Chain events since the last call (bypasses, resets, soft errors). */
  takeEvents(): { events: DspChainEvent[]; dropped: number } {
    return this.chain.takeEvents();
  }

  dispose(): void {
    this.chain.dispose();
  }
}

/** Starts every kernel of the config it can; the others are listed in `refused`. */
export function createHotPathChain(config: unknown, format: PcmFormat, maxFrames: number): ChainSeamStage {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) throw new Error(`the hot-path chain config is not valid: ${parsed.error.message}`);
  const stages: HotPathStage[] = [];
  const refused: string[] = [];
  for (const { label, spec } of parsed.data.kernels) {
    const started = HotPathStage.fromSpec(spec, label, { ...format, maxFrames });
    if (started.ok) stages.push(started.stage);
    else refused.push(started.reason);
  }
  const progress = parsed.data.progress === undefined ? undefined : new Int32Array(parsed.data.progress, 0, 2);
  const chain = new DspChain(stages, { ...format, maxFrames }, { budgetFraction: parsed.data.budgetFraction, progress });
  return new ChainSeamStage(chain, refused);
}

/** The seam's factory: `set-dsp` imports it by name. */
export const createDspStages: CreateDspStages = (config, format, maxFrames) => [createHotPathChain(config, format, maxFrames)];
