// Publisher signatures at install: real ed25519 keys made here, real packages from the
// built fixtures, real services over a temp data folder.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentSignatureState, keyIdOf, signPackageFolder, SIGNATURE_FILE } from './signature.ts';
import { catalogSnapshot, dataDirListing, fixturePackage, ServicesHarness, unpackWith } from './test-support/services.ts';

const LYRICS = 'org.fugue.fixture.lyrics';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey, keyId: keyIdOf(publicKey), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

let work: string;
let zip: string;
const publisher = keyPair();
const stranger = keyPair();
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-sign-'));
  zip = await fixturePackage('world-lyrics');
});
afterAll(async () => rm(work, { recursive: true, force: true }));

let harness: ServicesHarness;
beforeEach(async () => {
  harness = await ServicesHarness.create();
});
afterEach(async () => harness.dispose());

let folders = 0;
/** The lyrics fixture unpacked into a fresh folder, signed by `signer` unless undefined. */
async function packageSignedBy(signer: ReturnType<typeof keyPair> | undefined): Promise<string> {
  const folder = await unpackWith(zip, join(work, `pkg-${folders++}`));
  if (signer !== undefined) await signPackageFolder(folder, signer.privatePem, 'Fixture Works');
  return folder;
}

const trust = (key: ReturnType<typeof keyPair>) => harness.catalog.trustedKeys.add({ keyId: key.keyId, publisher: 'Fixture Works', publicKeyPem: key.publicPem });

describe('publisher signatures at install', () => {
  it('a package signed by a trusted key installs verified, and the state is stored with the version', async () => {
    trust(publisher);
    const outcome = await harness.installer.install({ kind: 'path', path: await packageSignedBy(publisher) });
    expect(outcome.signature).toEqual({ state: 'verified', reason: 'signed by trusted publisher "Fixture Works"', publisher: 'Fixture Works', keyId: publisher.keyId });
    await harness.restart();
    expect(harness.catalog.currentVersion(LYRICS)?.signature.state).toBe('verified');
    expect(harness.host.running()).toEqual([{ pluginId: LYRICS, version: '0.1.0' }]);
  });

  it('a package signed by a key not in the trust store installs unverified and says whose key it was', async () => {
    trust(publisher);
    const outcome = await harness.installer.install({ kind: 'path', path: await packageSignedBy(stranger) });
    expect(outcome.signature).toMatchObject({ state: 'unverified', keyId: stranger.keyId });
    expect(outcome.signature.reason).toContain(`key ${stranger.keyId}, which is not in the trust store`);
    expect(harness.catalog.currentVersion(LYRICS)?.signature.state).toBe('unverified');
  });

  it('an unsigned package installs unverified', async () => {
    const outcome = await harness.installer.install({ kind: 'path', path: zip });
    expect(outcome.signature).toEqual({ state: 'unverified', reason: 'the package is not signed' });
    expect(harness.catalog.currentVersion(LYRICS)?.signature).toEqual(outcome.signature);
  });

  it('a package modified after it was signed is refused and nothing is written', async () => {
    trust(publisher);
    const folder = await packageSignedBy(publisher);
    const manifest = JSON.parse(await readFile(join(folder, 'plugin.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(folder, 'plugin.json'), JSON.stringify({ ...manifest, description: 'changed after signing' }));
    await harness.installer.install({ kind: 'path', path: await fixturePackage('world-dsp') });
    const files = await dataDirListing(harness.dataDir);
    const rows = catalogSnapshot(harness.dataDir);
    await expect(harness.installer.install({ kind: 'path', path: folder })).rejects.toMatchObject({
      code: 'invalid-package',
      message: `${LYRICS} 0.1.0 was not installed: its signature by "Fixture Works" (key ${publisher.keyId}) does not match its files: the package was modified after it was signed; get an untouched copy from the publisher`,
    });
    expect(await dataDirListing(harness.dataDir)).toEqual(files);
    expect(catalogSnapshot(harness.dataDir)).toEqual(rows);
    expect(await readdir(join(harness.dataDir, 'staging'))).toEqual([]);
    expect(harness.host.running()).toEqual([{ pluginId: 'org.fugue.fixture.dsp', version: '0.1.0' }]);
  });

  it('a malformed signature file is refused with what to do', async () => {
    const folder = await packageSignedBy(undefined);
    await writeFile(join(folder, SIGNATURE_FILE), '{"format": 1}');
    await expect(harness.installer.install({ kind: 'path', path: folder })).rejects.toMatchObject({ code: 'invalid-package', message: expect.stringContaining('re-sign the package') });
    expect(harness.catalog.getPlugin(LYRICS)).toBeUndefined();
  });

  it('a verified version shows unverified once its key is removed from the trust store', async () => {
    trust(publisher);
    await harness.installer.install({ kind: 'path', path: await packageSignedBy(publisher) });
    const stored = harness.catalog.currentVersion(LYRICS)?.signature;
    if (stored === undefined) throw new Error('not installed');
    const lookup = (keyId: string) => harness.catalog.trustedKeys.get(keyId);
    expect(currentSignatureState(stored, lookup).state).toBe('verified');
    expect(harness.catalog.trustedKeys.remove(publisher.keyId)).toBe(true);
    expect(currentSignatureState(stored, lookup)).toMatchObject({ state: 'unverified', reason: expect.stringContaining('removed from the trust store') });
  });

  it('a signed, installed package whose file changes on disk still fails at the next start', async () => {
    trust(publisher);
    await harness.installer.install({ kind: 'path', path: await packageSignedBy(publisher) });
    const wasm = join(harness.dataDir, 'plugins', LYRICS, '0.1.0', 'main.wasm');
    const bytes = await readFile(wasm);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await writeFile(wasm, bytes);
    const report = await harness.restart();
    expect(report.plugins).toMatchObject([{ pluginId: LYRICS, state: 'failed', error: { code: 'modified-on-disk' } }]);
  });
});
