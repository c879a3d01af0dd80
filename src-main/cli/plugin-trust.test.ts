// `fugue plugin trust …` and the signature state in `list`/`info`, run as the real
// binary over a temp data folder with a key pair made here.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf, signPackageFolder } from '../plugins/signature.ts';
import { fixturePackage, unpackWith } from '../plugins/test-support/services.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const ID = 'org.fugue.fixture.lyrics';

let work: string;
let dataDir: string;
let signed: string;
let keyId: string;
let publicKeyFile: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-trust-'));
  dataDir = join(work, 'data');
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  keyId = keyIdOf(publicKey);
  publicKeyFile = join(work, 'publisher.pem');
  await writeFile(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  signed = await unpackWith(await fixturePackage('world-lyrics'), join(work, 'signed'));
  await signPackageFolder(signed, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'Fixture Works');
});
afterAll(async () => rm(work, { recursive: true, force: true }));

function fugue(...args: string[]) {
  return execa('node', ['bin/fugue.mjs', 'plugin', ...args, '--data-dir', dataDir], { cwd: repo, reject: false, stdin: 'ignore' });
}

describe('fugue plugin trust', () => {
  it('adds a key, installs a package it signed as verified, and shows it unverified once the key is removed', async () => {
    expect((await fugue('trust', 'list')).stdout).toContain('no trusted publisher keys');
    const added = await fugue('trust', 'add', 'Fixture Works', publicKeyFile);
    expect([added.exitCode, added.stdout]).toEqual([0, `trusted Fixture Works key ${keyId}; packages it signs install as verified`]);
    expect(JSON.parse((await fugue('trust', 'list', '--json')).stdout)).toMatchObject([{ keyId, publisher: 'Fixture Works' }]);

    const installed = await fugue('install', signed);
    expect([installed.exitCode, installed.stdout]).toEqual([0, `installed ${ID} 0.1.0\n  verified: signed by trusted publisher "Fixture Works"`]);
    expect((await fugue('list')).stdout).toBe(`${ID}  0.1.0     verified    active`);
    expect(JSON.parse((await fugue('info', ID, '--json')).stdout)).toMatchObject({ signature: { state: 'verified', keyId } });

    expect((await fugue('trust', 'remove', keyId)).exitCode).toBe(0);
    expect((await fugue('list')).stdout).toBe(`${ID}  0.1.0     unverified  active`);
    expect(JSON.parse((await fugue('list', '--json')).stdout)).toMatchObject([{ id: ID, signature: { state: 'unverified', reason: expect.stringContaining('removed from the trust store') } }]);
    expect((await fugue('info', ID)).stdout).toContain('signature:   unverified (signed by "Fixture Works" with key');
  });

  it('refuses a file that is not an ed25519 public key, and an unknown key id, saying what to do', async () => {
    const rsa = join(work, 'rsa.pem');
    await writeFile(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }));
    const wrongType = await fugue('trust', 'add', 'Someone', rsa);
    expect([wrongType.exitCode, wrongType.stderr]).toEqual([1, expect.stringContaining('not ed25519')]);
    const missing = await fugue('trust', 'add', 'Someone', join(work, 'nope.pem'));
    expect([missing.exitCode, missing.stderr]).toEqual([1, expect.stringContaining('cannot read')]);
    const unknown = await fugue('trust', 'remove', 'ffff');
    expect([unknown.exitCode, unknown.stderr]).toEqual([1, 'fugue plugin trust remove: no trusted key "ffff"; "fugue plugin trust list" shows the key ids']);
  });
});
