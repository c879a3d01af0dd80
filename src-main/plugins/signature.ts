/**
 * Optional ed25519 publisher signatures. A package may carry `signature.json` at its
 * root: the publisher, the key id and a signature over the canonical receipt of every
 * other file (path, size, sha256, sorted by path). At install a signature by a trusted
 * key makes the version `verified`; an unknown key or no signature leaves it
 * `unverified`; a signature that does not match the files refuses the install.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { FugueError } from '../../src-shared/errors.ts';
import type { ReceiptEntry, SignatureState, TrustedKey } from '../state/catalog-types.ts';

export type { SignatureState, TrustedKey } from '../state/catalog-types.ts';
import { sha256Hex } from './staging.ts';

/** The signature file at a package's root (never part of what it signs). */
export const SIGNATURE_FILE = 'signature.json';

/** The content of {@link SIGNATURE_FILE}. */
export interface PackageSignature {
  format: 1;
  publisher: string;
  /** {@link keyIdOf} the signing key. */
  key_id: string;
  algorithm: 'ed25519';
  /** base64 ed25519 signature over {@link canonicalReceipt}. */
  signature: string;
}

/** The bytes that are signed: one `path\tsize\tsha256\n` line per file except the signature, sorted by path. */
export function canonicalReceipt(receipt: readonly ReceiptEntry[]): Buffer {
  const lines = receipt
    .filter((entry) => entry.path !== SIGNATURE_FILE)
    .map((entry) => `${entry.path}\t${entry.size}\t${entry.sha256}\n`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(lines.join(''), 'utf8');
}

/** A short stable id of an ed25519 public key: the first 16 hex digits of the sha256 of its SPKI DER. */
export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Parses a PEM public key and checks it is ed25519; throws `invalid-argument`. */
export function parsePublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new FugueError({ code: 'invalid-argument', message: `not a PEM public key: ${(error as Error).message}; export one with "openssl pkey -pubout"` });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new FugueError({ code: 'invalid-argument', message: `the key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not ed25519; Fugue trusts ed25519 publisher keys only` });
  }
  return key;
}

/** Signs a receipt; returns the signature file's content. */
export function signReceipt(receipt: readonly ReceiptEntry[], privateKeyPem: string, publisher: string): PackageSignature {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new FugueError({ code: 'invalid-argument', message: 'the signing key must be an ed25519 private key' });
  return {
    format: 1,
    publisher,
    key_id: keyIdOf(createPublicKey(privateKey)),
    algorithm: 'ed25519',
    signature: sign(null, canonicalReceipt(receipt), privateKey).toString('base64'),
  };
}

/** Writes `signature.json` into a plugin folder, signing every other file in it. Returns what was written. */
export async function signPackageFolder(folder: string, privateKeyPem: string, publisher: string): Promise<PackageSignature> {
  const signature = signReceipt(await folderReceipt(folder), privateKeyPem, publisher);
  await writeFile(join(folder, SIGNATURE_FILE), `${JSON.stringify(signature, null, 2)}\n`);
  return signature;
}

/** Every regular file under `folder` (except the signature) as a receipt entry. */
export async function folderReceipt(folder: string): Promise<ReceiptEntry[]> {
  const entries: ReceiptEntry[] = [];
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(folder, full).split(sep).join('/');
    if (path === SIGNATURE_FILE) continue;
    const bytes = await readFile(full);
    entries.push({ path, size: bytes.byteLength, sha256: sha256Hex(bytes) });
  }
  return entries;
}

/**
 * Decides the signature state of a staged package. `signatureText` is the content of its
 * signature file (undefined when it has none); `trusted` looks a key id up in the trust
 * store. Throws `invalid-package` when the file is malformed or does not match the files.
 */
export function checkSignature(
  receipt: readonly ReceiptEntry[],
  signatureText: string | undefined,
  trusted: (keyId: string) => TrustedKey | undefined,
  who: { pluginId: string; version: string },
): SignatureState {
  if (signatureText === undefined) return { state: 'unverified', reason: 'the package is not signed' };
  const signature = parseSignature(signatureText, who);
  const key = trusted(signature.key_id);
  if (key === undefined) {
    return {
      state: 'unverified',
      reason: `signed by "${signature.publisher}" with key ${signature.key_id}, which is not in the trust store ("fugue plugin trust add" adds it)`,
      publisher: signature.publisher,
      keyId: signature.key_id,
    };
  }
  const matches = verify(null, canonicalReceipt(receipt), createPublicKey(key.publicKeyPem), Buffer.from(signature.signature, 'base64'));
  if (!matches) {
    throw refused(who, `its signature by "${key.publisher}" (key ${key.keyId}) does not match its files: the package was modified after it was signed; get an untouched copy from the publisher`);
  }
  return { state: 'verified', reason: `signed by trusted publisher "${key.publisher}"`, publisher: key.publisher, keyId: key.keyId };
}

function parseSignature(text: string, who: { pluginId: string; version: string }): PackageSignature {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refused(who, `${SIGNATURE_FILE} is not valid JSON; re-sign the package`);
  }
  const candidate = value as Partial<PackageSignature> | null;
  const ok =
    typeof candidate === 'object' && candidate !== null &&
    candidate.format === 1 && candidate.algorithm === 'ed25519' &&
    typeof candidate.publisher === 'string' && typeof candidate.key_id === 'string' && typeof candidate.signature === 'string';
  if (!ok) throw refused(who, `${SIGNATURE_FILE} needs format 1, algorithm "ed25519", and string publisher, key_id and signature; re-sign the package`);
  return candidate as PackageSignature;
}

function refused(who: { pluginId: string; version: string }, what: string): FugueError {
  return new FugueError({ code: 'invalid-package', message: `${who.pluginId} ${who.version} was not installed: ${what}`, plugin: who });
}

/**
 * The state to show now: a version verified at install stays verified only while its
 * key is still in the trust store (checked at every `list`/`info`, so removing a key
 * takes effect at once). Adding a key later does not verify an installed version:
 * reinstall it.
 */
export function currentSignatureState(stored: SignatureState, trusted: (keyId: string) => TrustedKey | undefined): SignatureState {
  if (stored.state !== 'verified' || stored.keyId === undefined || trusted(stored.keyId) !== undefined) return stored;
  return { ...stored, state: 'unverified', reason: `signed by "${stored.publisher ?? '?'}" with key ${stored.keyId}, which was removed from the trust store` };
}

/** Reads the staged package's signature file (if its receipt lists one) and checks it. */
export async function checkStagedSignature(
  packageDir: string,
  receipt: readonly ReceiptEntry[],
  trusted: (keyId: string) => TrustedKey | undefined,
  who: { pluginId: string; version: string },
): Promise<SignatureState> {
  const signed = receipt.some((entry) => entry.path === SIGNATURE_FILE);
  const text = signed ? await readFile(join(packageDir, SIGNATURE_FILE), 'utf8') : undefined;
  return checkSignature(receipt, text, trusted, who);
}
