// Updating a plugin while calls stream to it: no call is lost, each is answered by
// exactly one version, and calls that start after the update see the new one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServicesHarness, versionedPackage } from './test-support/services.ts';

const ID = 'org.fugue.fixture.versioned';

interface CallRecord {
  startedAfterUpdate: boolean;
  startedBeforeUpdate: boolean;
  provider?: string;
  error?: unknown;
}

let work: string;
let harness: ServicesHarness;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-hot-'));
  harness = await ServicesHarness.create();
});
afterAll(async () => {
  await harness.dispose();
  await rm(work, { recursive: true, force: true });
});

it('loses no call while v2 replaces v1 under load, and every call is answered by one version', async () => {
  const [v1, v2] = [await versionedPackage('1.0.0', work), await versionedPackage('2.0.0', work)];
  await harness.installer.install({ kind: 'path', path: v1 });
  const records: CallRecord[] = [];
  let phase: 'before' | 'during' | 'after' = 'before';
  let stop = false;
  const client = async (index: number) => {
    for (let call = 0; !stop; call++) {
      const record: CallRecord = { startedBeforeUpdate: phase === 'before', startedAfterUpdate: phase === 'after' };
      records.push(record);
      // Some calls spin long enough to be in flight while the route swaps.
      const title = (index + call) % 3 === 0 ? 'spin:200000' : `call ${index}.${call}`;
      try {
        const answer = (await harness.host.call(ID, 'lyrics', 'find', [{ title }])) as { provider: string };
        record.provider = answer.provider;
      } catch (error) {
        record.error = error;
      }
    }
  };
  const clients = Array.from({ length: 4 }, (_, index) => client(index));
  while (records.filter((record) => record.provider !== undefined).length < 20) await new Promise((resolve) => setTimeout(resolve, 5));
  phase = 'during';
  // A lease stands for work that spans calls (a decoder session): it keeps v1 alive past the swap.
  const lease = harness.host.acquire(ID);
  await harness.installer.install({ kind: 'path', path: v2 });
  phase = 'after';
  expect(await lease.instance.call('lyrics', 'find', [{ title: 'still v1' }])).toMatchObject({ provider: 'versioned@1.0.0' });
  expect(harness.logged(ID)).not.toContain('versioned 1.0.0 disabled (reload)');
  lease.release();
  const afterStart = records.length;
  while (records.filter((record) => record.provider !== undefined).length < afterStart + 20) await new Promise((resolve) => setTimeout(resolve, 5));
  stop = true;
  await Promise.all(clients);
  await harness.host.settled();

  expect(records.filter((record) => record.error !== undefined).map((record) => String(record.error))).toEqual([]);
  expect(records.every((record) => record.provider === 'versioned@1.0.0' || record.provider === 'versioned@2.0.0')).toBe(true);
  expect(records.filter((record) => record.startedBeforeUpdate).every((record) => record.provider === 'versioned@1.0.0')).toBe(true);
  expect(records.filter((record) => record.startedAfterUpdate).every((record) => record.provider === 'versioned@2.0.0')).toBe(true);
  expect(records.filter((record) => record.startedAfterUpdate).length).toBeGreaterThanOrEqual(20);
  // v1 was told why it stopped, after its last call.
  expect(harness.logged(ID).filter((message) => message.includes('disabled'))).toEqual(['versioned 1.0.0 disabled (reload)']);
});
