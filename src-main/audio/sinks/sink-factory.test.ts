import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWav } from '../testing/read-wav.ts';
import { NullSink } from './null-sink.ts';
import { openSink, parseSinkSpec } from './sink-factory.ts';

const FORMAT = { sampleRate: 48_000, channels: 2 };

describe('sink specs', () => {
  it('parses every kind and explains an unknown one', () => {
    expect(parseSinkSpec('default')).toEqual({ kind: 'default' });
    expect(parseSinkSpec('device:3')).toEqual({ kind: 'default', deviceId: 3 });
    expect(parseSinkSpec('null')).toEqual({ kind: 'null' });
    expect(parseSinkSpec('wav:/tmp/a b.wav')).toEqual({ kind: 'wav', path: '/tmp/a b.wav' });
    expect(parseSinkSpec('plugin:org.x/rec')).toEqual({ kind: 'plugin', name: 'plugin:org.x/rec' });
    expect(() => parseSinkSpec('speakers')).toThrow('unknown sink "speakers": use default, device:<id>, null, wav:<path> or plugin:<plugin-id>/<type-id>');
  });

  it('says what to do when a WAV file cannot be written or a plugin sink has no ring', async () => {
    await expect(openSink('wav:/nonexistent-dir/out.wav', { format: FORMAT, latencyMs: 20 })).rejects.toThrow(/cannot write the WAV file \/nonexistent-dir\/out.wav: .*Choose a writable path/);
    await expect(openSink('plugin:org.x/rec', { format: FORMAT, latencyMs: 20 })).rejects.toThrow(/needs its ring: open plugin sinks through PluginOutput/);
  });

  it('opens a WAV sink whose file is valid after drain and after dispose', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fugue-wav-'));
    try {
      const path = join(dir, 'x.wav');
      const { sink, realtime } = await openSink(`wav:${path}`, { format: FORMAT, latencyMs: 20 });
      expect(realtime).toBe(false);
      expect(sink.write(Float32Array.of(0.25, -0.25, 1, -1))).toBe(true);
      await sink.drain();
      expect(readWav(path)).toMatchObject({ formatTag: 3, factFrames: 2, samples: Float32Array.of(0.25, -0.25, 1, -1) });
      sink.write(new Float32Array(200_000).fill(0.5));
      await sink.dispose();
      expect(readWav(path).factFrames).toBe(100_002);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('NullSink', () => {
  it('asks the pump to wait once its queue is full, then calls onReady and drains', async () => {
    const sink = new NullSink(FORMAT, 20);
    const ready = new Promise<void>((resolve) => sink.onReady(resolve));
    const block = new Float32Array(256 * 2);
    let accepted = 0;
    while (sink.write(block)) accepted++;
    expect(accepted).toBeGreaterThan(0);
    expect(sink.queuedFrames()).toBeGreaterThan(0);
    await ready;
    await sink.drain();
    expect(sink.queuedFrames()).toBe(0);
    sink.dispose();
    expect(sink.write(block)).toBe(false);
  });
});
