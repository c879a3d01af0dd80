// The gain fixture, built from AssemblyScript and called through the dsp-plugin world.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';

interface Processor {
  process(input: Float32Array): Float32Array;
  reset(): void;
  latencyFrames(): number;
  [Symbol.dispose](): void;
}
interface Dsp {
  create(typeId: string, format: { sampleRate: number; channels: number }, maxFrames: number): Processor;
  describeHotPath(typeId: string, format: { sampleRate: number; channels: number }, maxFrames: number): unknown;
}
interface Lifecycle {
  onEnable(): void;
  onDisable(reason: string): void;
}
interface Settings {
  apply(typeId: string, values: { key: string; value: { tag: string; val: unknown } }[]): string;
}

let fixture: LoadedFixture;
const stereo = { sampleRate: 48_000, channels: 2 };

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
});
afterAll(() => fixture?.dispose());

describe('world-dsp fixture (gain)', () => {
  it('logs through log.write when enabled', () => {
    fixture.exported<Lifecycle>('lifecycle').onEnable();
    expect(fixture.host.logs).toContainEqual({ level: 'info', message: 'gain fixture enabled' });
  });

  it('processes blocks with the configured gain', () => {
    const dsp = fixture.exported<Dsp>('dsp');
    const settings = fixture.exported<Settings>('settings');
    const processor = dsp.create('gain', stereo, 1024);
    expect(Array.from(processor.process(Float32Array.of(0.5, -0.25, 1, 0)))).toEqual([0.5, -0.25, 1, 0]);
    expect(settings.apply('gain', [{ key: 'gain_db', value: { tag: 'number', val: -6.020599913279624 } }])).toBe('applied');
    const halved = processor.process(Float32Array.of(0.5, -0.25, 1, 0));
    expect(Array.from(halved).map((sample) => Math.round(sample * 1e6) / 1e6)).toEqual([0.25, -0.125, 0.5, 0]);
    const block = Float32Array.from({ length: 2048 }, (_, index) => Math.sin(index / 10));
    const out = processor.process(block);
    expect(out.length).toBe(2048);
    expect(out[100]).toBeCloseTo(Math.fround(Math.sin(10)) * 0.5, 5);
    expect(processor.latencyFrames()).toBe(0);
    processor[Symbol.dispose]();
    settings.apply('gain', [{ key: 'gain_db', value: { tag: 'integer', val: 0n } }]);
  });

  it('reports plugin errors as WIT plugin-error values', () => {
    const dsp = fixture.exported<Dsp>('dsp');
    expect(() => dsp.create('echo', stereo, 256)).toThrow(expect.objectContaining({ payload: { code: 'unsupported', message: 'unknown ability echo' } }));
    const processor = dsp.create('gain', stereo, 256);
    expect(() => processor.process(Float32Array.of(1, 2, 3))).toThrow(expect.objectContaining({ payload: expect.objectContaining({ code: 'invalid-argument' }) }));
    expect(() => fixture.exported<Settings>('settings').apply('gain', [{ key: 'gain_db', value: { tag: 'text', val: 'loud' } }])).toThrow(
      expect.objectContaining({ payload: expect.objectContaining({ code: 'invalid-argument' }) }),
    );
    processor[Symbol.dispose]();
  });

  it('has no hot-path kernel and disables cleanly', () => {
    expect(fixture.exported<Dsp>('dsp').describeHotPath('gain', stereo, 256)).toBeUndefined();
    fixture.exported<Lifecycle>('lifecycle').onDisable('shutdown');
    expect(fixture.host.logs.at(-1)).toEqual({ level: 'debug', message: 'gain fixture disabled (reason 2)' });
  });
});
