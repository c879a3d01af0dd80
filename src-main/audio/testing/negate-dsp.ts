/**
 * A DSP chain for the set-dsp seam test: a stage that negates every sample (exact in f32),
 * then one that throws once it has seen `failAfterBlocks` blocks (a broken plugin).
 */
import type { CreateDspStages, DspStage } from '../dsp-seam.ts';

export const createDspStages: CreateDspStages = (config) => {
  const { failAfterBlocks } = config as { failAfterBlocks: number };
  let blocks = 0;
  const negate: DspStage = {
    name: 'negate',
    process(block, frames) {
      const end = frames * 2;
      for (let index = 0; index < end; index++) block[index] = -(block[index] as number);
    },
  };
  const broken: DspStage = {
    name: 'broken',
    process() {
      if (++blocks > failAfterBlocks) throw new Error('the test stage broke on purpose');
    },
  };
  return [negate, broken];
};
