// Run with `fugue-plugin test`: the component runs in Fugue's real runtime (a worker with
// the sandboxed host), built from this folder first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPlugin } from 'fugue-plugin/testing';

test('a full buffer pushes back, and drain empties it', async (t) => {
  const plugin = await openPlugin(new URL('..', import.meta.url));
  t.after(() => plugin.dispose());
  const [target] = await plugin.call('output-sink', 'list-targets', []);
  const sink = await plugin.call('output-sink', 'open', [plugin.typeId, target.id, { sampleRate: 1000, channels: 2 }]);
  // 500 ms at 1000 Hz: 500 frames fit, then the sink accepts nothing until drained.
  assert.equal(await plugin.callMethod(sink, 'write', [new Float32Array(2 * 400)]), 400);
  assert.equal(await plugin.callMethod(sink, 'write', [new Float32Array(2 * 400)]), 100);
  await plugin.callMethod(sink, 'drain', []);
  assert.equal(await plugin.callMethod(sink, 'queued-frames', []), 0);
  await plugin.drop(sink);
});
