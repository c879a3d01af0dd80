// Run with `fugue-plugin test`: the component runs in Fugue's real runtime (a worker with
// the sandboxed host), built from this folder first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPlugin } from 'fugue-plugin/testing';

test('find answers with synced lines that name the title', async (t) => {
  const plugin = await openPlugin(new URL('..', import.meta.url));
  t.after(() => plugin.dispose());
  const result = await plugin.call('lyrics', 'find', [{ title: 'Blue Moon' }]);
  assert.equal(result.body.tag, 'synced');
  assert.equal(result.body.val[0].text, 'This is Blue Moon');
  assert.equal(Number(result.body.val[1].startMs), 2000);
});

test('an empty title is refused with invalid-argument', async (t) => {
  const plugin = await openPlugin(new URL('..', import.meta.url));
  t.after(() => plugin.dispose());
  await assert.rejects(plugin.call('lyrics', 'find', [{ title: ' ' }]), /title is needed/);
});
