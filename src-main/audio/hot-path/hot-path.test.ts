// The hot-path runner and the DSP chain with real kernels compiled from AssemblyScript.
import { beforeAll, describe, expect, it } from 'vitest';
import { DspChain, StageStatus, type DspStage } from './dsp-chain.ts';
import { HotPathStage } from './hot-path-stage.ts';
import { checkHotPathSpec } from './module-check.ts';
import { behavingInitData, compileTestKernels, KernelMode, specOf, withUnsharedMemory, type TestKernelName } from './test-kernels/test-kernels.ts';

const format = { sampleRate: 48_000, channels: 2, maxFrames: 256 };
let kernels: Record<TestKernelName, Uint8Array>;

beforeAll(async () => {
  kernels = await compileTestKernels();
});

function startStage(mode: number, failAt = 0, label = 'org.test.kernel/behaving'): HotPathStage {
  const started = HotPathStage.fromSpec(specOf(kernels.behaving, behavingInitData(mode, failAt)), label, format);
  if (!started.ok) throw new Error(started.reason);
  return started.stage;
}

function ramp(frames: number, scale = 1): Float32Array {
  return Float32Array.from({ length: frames * format.channels }, (_, index) => (index / (frames * format.channels)) * scale);
}

describe('spec checks', () => {
  it('accepts an ABI v1 kernel that imports only a shared env.memory', () => {
    const checked = checkHotPathSpec(specOf(kernels.behaving), 'org.test/ok');
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.kernel.info).toMatchObject({ hasReset: true, hasDrop: true, memory: { maximumPages: 256 } });
  });

  it('refuses another ABI version, naming both versions', () => {
    const checked = checkHotPathSpec(specOf(kernels.behaving, undefined, 2), 'org.test/v2');
    expect(checked).toEqual({ ok: false, reason: 'org.test/v2: hot-path kernel refused: it declares hot-path ABI version 2; this host runs version 1' });
  });

  it('refuses a kernel importing anything but env.memory, naming the import', () => {
    const checked = checkHotPathSpec(specOf(kernels['imports-log']), 'org.test/log');
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toContain('it imports env.log (function); a kernel may import only env.memory');
  });

  it('refuses an unshared memory, a wrong export signature and bytes that are not a module', () => {
    const unshared = checkHotPathSpec(specOf(withUnsharedMemory(kernels.behaving)), 'org.test/unshared');
    expect(unshared.ok ? '' : unshared.reason).toContain('env.memory is not shared');
    const signature = checkHotPathSpec(specOf(kernels['wrong-signature']), 'org.test/sig');
    expect(signature.ok ? '' : signature.reason).toContain('`process` export is (i32,i32)->i32; ABI v1 needs (i32,i32,i32,i32)->i32');
    const garbage = checkHotPathSpec(specOf(new TextEncoder().encode('not wasm at all')), 'org.test/garbage');
    expect(garbage.ok ? '' : garbage.reason).toContain('it is not a WebAssembly module');
  });

  it('refuses a kernel whose init fails, with the code and its meaning', () => {
    const started = HotPathStage.fromSpec(specOf(kernels.behaving, behavingInitData(KernelMode.Copy, 0, 2)), 'org.test/init', format);
    expect(started).toEqual({ ok: false, reason: 'org.test/init: hot-path kernel refused: init returned 2 (unsupported-format: the kernel does not handle this sample rate, channel count or sample format)' });
  });

  it('refuses a format whose buffers do not fit the declared memory maximum', () => {
    const started = HotPathStage.fromSpec(specOf(kernels.behaving), 'org.test/big', { sampleRate: 48_000, channels: 32, maxFrames: 65_536 });
    expect(started.ok ? '' : started.reason).toMatch(/needs \d+ bytes for 65536 frames × 32 channels, but its memory maximum is 16777216/);
  });
});

describe('HotPathStage', () => {
  it('runs blocks through the kernel on its shared memory, of any size up to maxFrames', () => {
    const stage = startStage(KernelMode.Copy);
    expect(stage.kernel.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const frames of [256, 128, 1]) {
      const block = ramp(frames, 0.5);
      stage.input.set(block);
      expect(stage.process(frames)).toBe(StageStatus.Ok);
      expect(Array.from(stage.output.subarray(0, block.length))).toEqual(Array.from(block));
    }
    stage.dispose();
  });
});

describe('DspChain', () => {
  it('runs stages in order and returns the last output', () => {
    const chain = new DspChain([startStage(KernelMode.Copy), startStage(KernelMode.Copy)], format);
    const block = ramp(128);
    const out = chain.process(block, 128);
    expect(out.length).toBe(256);
    expect(Array.from(out)).toEqual(Array.from(block));
    expect(chain.takeEvents()).toEqual({ events: [], dropped: 0 });
    expect(() => chain.process(new Float32Array(1024), 512)).toThrow('a block of 512 frames is larger than the chain\'s maximum of 256; split it');
    chain.dispose();
  });

  it('bypasses a stage that returns an error code and keeps the audio flowing', () => {
    const chain = new DspChain([startStage(KernelMode.ErrorCode, 2, 'org.test.fails/fx')], format);
    for (let block = 0; block < 5; block += 1) {
      const input = ramp(64, block + 1);
      expect(Array.from(chain.process(input, 64))).toEqual(Array.from(input));
    }
    expect(chain.isBypassed(0)).toBe(true);
    expect(chain.takeEvents().events).toEqual([
      { kind: 'bypassed', stage: 'org.test.fails/fx', index: 0, block: 2, message: 'org.test.fails/fx is bypassed: process returned 5 (internal: the kernel failed internally)' },
    ]);
    chain.dispose();
  });

  it('bypasses a stage that traps, or reports a short block', () => {
    const chain = new DspChain([startStage(KernelMode.Trap, 1, 'org.test/trap'), startStage(KernelMode.ShortOutput, 3, 'org.test/short')], format);
    for (let block = 0; block < 5; block += 1) chain.process(ramp(32), 32);
    const { events } = chain.takeEvents();
    expect(events.map((event) => [event.stage, event.block])).toEqual([
      ['org.test/trap', 1],
      ['org.test/short', 3],
    ]);
    expect(events[0]?.message).toMatch(/org\.test\/trap is bypassed: process trapped \(.*unreachable/);
    expect(events[1]?.message).toContain('process reported 31 frames out for 32 in');
    chain.dispose();
  });

  it('resets a stage that sets NEED_RESET, then bypasses it when it keeps asking', () => {
    const chain = new DspChain([startStage(KernelMode.NeedReset, 0, 'org.test/reset')], format, { resetLimit: 2 });
    for (let block = 0; block < 4; block += 1) chain.process(ramp(16), 16);
    expect(chain.takeEvents().events.map((event) => event.kind)).toEqual(['reset', 'reset', 'bypassed']);
    chain.setBypassed(0, false);
    expect(chain.isBypassed(0)).toBe(false);
    chain.dispose();
  });

  it('keeps the output of a stage that sets SOFT_ERROR and reports it', () => {
    const chain = new DspChain([startStage(KernelMode.SoftError, 1, 'org.test/soft')], format);
    chain.process(ramp(8), 8);
    chain.process(ramp(8), 8);
    expect(chain.isBypassed(0)).toBe(false);
    expect(chain.takeEvents().events).toMatchObject([{ kind: 'soft-error', block: 1, message: 'process set SOFT_ERROR' }]);
    chain.dispose();
  });

  it('bypasses a stage that overruns its share of the block repeatedly, and only that one', () => {
    let now = 0;
    const spend = (ms: number): void => {
      now += ms;
    };
    const slow = new ClockedStage('org.test/slow', 3, spend);
    const fast = new ClockedStage('org.test/fast', 0.1, spend);
    // 480 frames at 48 kHz is 10 ms; half of it (5 ms) per stage.
    const chain = new DspChain([fast, slow], { sampleRate: 48_000, channels: 2, maxFrames: 480 }, { clock: () => now, timeEvery: 2, overrunLimit: 3 });
    for (let block = 0; block < 6; block += 1) chain.process(new Float32Array(960), 480);
    expect(chain.isBypassed(1)).toBe(false);
    slow.cost = 6;
    for (let block = 0; block < 6; block += 1) chain.process(new Float32Array(960), 480);
    expect(chain.isBypassed(1)).toBe(true);
    expect(chain.isBypassed(0)).toBe(false);
    const { events } = chain.takeEvents();
    expect(events).toHaveLength(1);
    expect(events[0]?.message).toBe('org.test/slow is bypassed: it took 6.000 ms for a block of 5.000 ms budget (50% of the block) 3 timed blocks in a row');
    chain.dispose();
  });
});

/** A JavaScript stage whose processing "takes" `cost` ms on a test clock. */
class ClockedStage implements DspStage {
  readonly input = new Float32Array(960);
  readonly output = this.input;
  readonly lastProblem = '';

  constructor(
    readonly label: string,
    public cost: number,
    private readonly spend: (ms: number) => void,
  ) {}

  process(): StageStatus {
    this.spend(this.cost);
    return StageStatus.Ok;
  }

  reset(): boolean {
    return true;
  }

  dispose(): void {}
}
