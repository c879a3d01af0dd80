// Run with `fugue-plugin test`: the component runs in Fugue's real runtime (a worker with
// the sandboxed host), built from this folder first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPlugin } from 'fugue-plugin/testing';

test('the default -6 dB roughly halves every sample', async (t) => {
  const plugin = await openPlugin(new URL('..', import.meta.url));
  t.after(() => plugin.dispose());
  const processor = await plugin.call('dsp', 'create', [plugin.typeId, { sampleRate: 48000, channels: 2 }, 256]);
  const input = Float32Array.from({ length: 512 }, (_, index) => Math.sin(index / 10));
  const output = await plugin.callMethod(processor, 'process', [input]);
  for (let i = 0; i < input.length; i++) assert.ok(Math.abs(output[i] - input[i] * 0.501187) < 1e-6);
  await plugin.drop(processor);
});

test('the plugin offers a hot-path kernel', async (t) => {
  const plugin = await openPlugin(new URL('..', import.meta.url));
  t.after(() => plugin.dispose());
  const spec = await plugin.call('dsp', 'describe-hot-path', [plugin.typeId, { sampleRate: 48000, channels: 2 }, 256]);
  assert.equal(spec.abiVersion, 1);
  assert.ok(WebAssembly.validate(spec.module), 'the kernel is a valid core module');
});
