// Run with `fugue-plugin test`: the component runs in Fugue's real runtime (a worker with
// the sandboxed host), built from this folder first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPlugin } from 'fugue-plugin/testing';

test('the root lists two playable tones, and each resolves to a URL', async (t) => {
  const plugin = await openPlugin(new URL('..', import.meta.url));
  t.after(() => plugin.dispose());
  const page = await plugin.call('source', 'browse', [{ tag: 'root' }, undefined]);
  assert.deepEqual(page.items.map((item) => item.id), ['tone-440', 'tone-880']);
  const resolved = await plugin.call('source', 'resolve', ['tone-880']);
  assert.equal(resolved.location.tag, 'url');
  assert.match(resolved.location.val, /tone-880\.wav$/);
});
