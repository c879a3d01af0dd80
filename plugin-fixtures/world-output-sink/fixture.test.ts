// The counting sink fixture, built from AssemblyScript and called through the
// output-sink-plugin world.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';

interface Sink {
  write(samples: Float32Array): number;
  drain(): void;
  queuedFrames(): number;
  [Symbol.dispose](): void;
}
interface OutputSink {
  listTargets(): { id: string; name: string; description?: string; isDefault: boolean; maxChannels: number; sampleRates: Uint32Array }[];
  open(typeId: string, targetId: string | undefined, format: { sampleRate: number; channels: number }): Sink;
  describeHotPath(typeId: string, format: { sampleRate: number; channels: number }, maxFrames: number): unknown;
}

let fixture: LoadedFixture;
let outputSink: OutputSink;
const stereo48k = { sampleRate: 48_000, channels: 2 };

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  outputSink = fixture.exported<OutputSink>('outputSink');
});
afterAll(() => fixture?.dispose());

describe('world-output-sink fixture (counting sink)', () => {
  it('logs when enabled', () => {
    fixture.exported<{ onEnable(): void }>('lifecycle').onEnable();
    expect(fixture.host.logs).toEqual([{ level: 'info', message: 'counting sink enabled' }]);
  });

  it('lists its targets', () => {
    const targets = outputSink.listTargets();
    expect(targets.map((target) => [target.id, target.isDefault, target.maxChannels, Array.from(target.sampleRates)])).toEqual([
      ['null', true, 8, []],
      ['null-48k', false, 8, [48_000]],
    ]);
    expect(targets[0]?.description).toBe('Counts frames, plays nothing');
  });

  it('counts written frames, accepts fewer when its queue is full, and drains', () => {
    const sink = outputSink.open('counter', undefined, stereo48k);
    expect(sink.write(new Float32Array(2 * 1000))).toBe(1000);
    expect(sink.queuedFrames()).toBe(1000);
    expect(sink.write(new Float32Array(2 * 48_000))).toBe(47_000);
    expect(sink.queuedFrames()).toBe(48_000);
    expect(sink.write(new Float32Array(2 * 10))).toBe(0);
    sink.drain();
    expect(sink.queuedFrames()).toBe(0);
    expect(fixture.host.logs.at(-1)).toEqual({ level: 'debug', message: 'drained; 48000 frames written to null' });
    expect(sink.write(new Float32Array(0))).toBe(0);
    sink[Symbol.dispose]();
    expect(fixture.host.logs.at(-1)).toEqual({ level: 'info', message: 'closed null after 48000 frames' });
  });

  it('refuses unknown targets, unsupported formats and partial frames', () => {
    expect(() => outputSink.open('counter', 'hdmi', stereo48k)).toThrow(expect.objectContaining({ payload: { code: 'not-found', message: 'no output target hdmi' } }));
    expect(() => outputSink.open('counter', 'null-48k', { sampleRate: 44_100, channels: 2 })).toThrow(expect.objectContaining({ payload: expect.objectContaining({ code: 'unsupported' }) }));
    const sink = outputSink.open('counter', 'null-48k', stereo48k);
    expect(() => sink.write(new Float32Array(3))).toThrow(expect.objectContaining({ payload: expect.objectContaining({ code: 'invalid-argument' }) }));
    sink[Symbol.dispose]();
    expect(outputSink.describeHotPath('counter', stereo48k, 512)).toBeUndefined();
  });
});
