// Run with `fugue-plugin test`: the component runs in Fugue's real runtime (a worker with
// the sandboxed host), built from this folder first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openPlugin } from 'fugue-plugin/testing';

const sample = new URL('./tone.f32r', import.meta.url);

test('decodes the sample tone to its last frame', async (t) => {
  const plugin = await openPlugin(new URL('..', import.meta.url));
  t.after(() => plugin.dispose());
  // The host opens the file and passes the plugin an input-stream; the call may read
  // only inside the folders it is given.
  const calls = { fileRoots: [fileURLToPath(new URL('.', sample))] };
  const hint = { extension: 'f32r', typeId: plugin.typeId };
  const session = await plugin.call('decoder', 'open', [{ $hostStream: sample.href }, hint], calls);
  const info = await plugin.callMethod(session, 'info', [], calls);
  assert.equal(info.sampleRate, 44100);
  let frames = 0;
  for (;;) {
    const block = await plugin.callMethod(session, 'read', [4096], calls);
    if (block.length === 0) break;
    frames += block.length / info.channels;
  }
  assert.equal(BigInt(frames), info.totalFrames);
  await plugin.drop(session);
});
