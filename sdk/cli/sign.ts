/**
 * `fugue-plugin keygen --out <dir>`: an ed25519 key pair for signing packages.
 * `fugue-plugin sign [dir|zip] --key <private.pem> [--publisher <name>]`: adds
 * `signature.json` to a package (format: docs/plugin-guide.md, "Signing a package"),
 * building and packing a project folder first. Signing is the last step: any later
 * change to a file makes the installer refuse the package.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import yazl from 'yazl';
import { parseManifestText } from '../../src-shared/manifest/index.ts';
import { DEFAULT_PACKAGE_LIMITS, openPackage, type PackageFiles } from '../../src-main/plugins/package-files.ts';
import { keyIdOf, SIGNATURE_FILE, signReceipt, type PackageSignature } from '../../src-main/plugins/signature.ts';
import { buildProject, CliError, projectDir, type Io } from './project.ts';

export async function runKeygen(out: string, publisher: string | undefined, io: Io): Promise<void> {
  const dir = resolve(out);
  const privateFile = join(dir, 'private.pem');
  const publicFile = join(dir, 'public.pem');
  for (const file of [privateFile, publicFile]) {
    if (existsSync(file)) throw new CliError(`${file} already exists; keygen never overwrites a key (a lost private key cannot sign updates users already trust). Choose another --out.`);
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  await mkdir(dir, { recursive: true });
  await writeFile(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  await writeFile(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
  const where = (file: string) => relative(process.cwd(), file) || file;
  io.out(`wrote ${where(privateFile)} (keep it secret: it signs as you) and ${where(publicFile)}; key id ${keyIdOf(publicKey)}`);
  io.out('users trust packages you sign with:');
  io.out(`  fugue plugin trust add "${publisher ?? '<publisher>'}" ${where(publicFile)}`);
}

interface ZipFile {
  name: string;
  data: Uint8Array;
  executable: boolean;
}

/** Every file of an opened package except an old signature, with sidecar executables marked. */
async function packageContents(files: PackageFiles): Promise<{ files: ZipFile[]; publisher: string | undefined }> {
  const manifest = parseManifestText(new TextDecoder().decode(await files.read('plugin.json', DEFAULT_PACKAGE_LIMITS.maxManifestBytes)));
  if (!manifest.ok) throw new CliError(`${files.source} has an invalid plugin.json; run "fugue-plugin validate" to see why`);
  const executables = new Set((manifest.manifest.permissions?.sidecar ?? []).map((permission) => permission.executable.replace(/^\.\//, '')));
  const contents: ZipFile[] = [];
  for (const entry of files.entries.values()) {
    if (entry.kind !== 'file' || entry.path === SIGNATURE_FILE) continue;
    contents.push({ name: entry.path, data: await files.read(entry.path, entry.size), executable: executables.has(entry.path) });
  }
  return { files: contents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), publisher: manifest.manifest.publisher };
}

function zip(files: ZipFile[]): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  for (const file of files) archive.addBuffer(Buffer.from(file.data), file.name, { mtime, mode: file.executable ? 0o100755 : 0o100644, compress: true });
  archive.end();
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('error', reject);
    archive.outputStream.on('end', () => resolvePromise(Buffer.concat(chunks)));
  });
}

/** Rewrites `zipPath` with a `signature.json` over its other files. */
export async function signZip(zipPath: string, privateKeyPem: string, publisher: string | undefined): Promise<PackageSignature> {
  const opened = await openPackage(zipPath, DEFAULT_PACKAGE_LIMITS);
  if (!opened.ok) throw new CliError(`${zipPath} cannot be opened as a plugin package: ${opened.issues.map((issue) => issue.message).join('; ')}`);
  let contents: Awaited<ReturnType<typeof packageContents>>;
  try {
    contents = await packageContents(opened.files);
  } finally {
    await opened.files.dispose();
  }
  const name = publisher ?? contents.publisher;
  if (name === undefined) throw new CliError('say who signs: pass --publisher "<name>" (or set "publisher" in plugin.json)');
  const receipt = contents.files.map((file) => ({ path: file.name, size: file.data.byteLength, sha256: createHash('sha256').update(file.data).digest('hex') }));
  let signature: PackageSignature;
  try {
    signature = signReceipt(receipt, privateKeyPem, name);
  } catch (error) {
    throw new CliError(`cannot sign with that key: ${(error as Error).message}; make an ed25519 key with "fugue-plugin keygen --out <dir>"`);
  }
  const signed = [...contents.files, { name: SIGNATURE_FILE, data: new TextEncoder().encode(`${JSON.stringify(signature, null, 2)}\n`), executable: false }];
  const partial = `${zipPath}.${process.pid}.partial`;
  await writeFile(partial, await zip(signed));
  await rename(partial, zipPath);
  return signature;
}

export async function runSign(target: string | undefined, options: { key: string; publisher?: string }, io: Io): Promise<void> {
  const keyPem = await readFile(resolve(options.key), 'utf8').catch((error: Error) => {
    throw new CliError(`cannot read the private key ${options.key}: ${error.message}`);
  });
  let zipPath: string;
  if (target !== undefined && existsSync(target) && statSync(target).isFile()) {
    zipPath = resolve(target);
  } else {
    const built = await buildProject(projectDir(target));
    zipPath = built.packagePath;
  }
  const signature = await signZip(zipPath, keyPem, options.publisher);
  io.out(`signed ${relative(process.cwd(), zipPath) || zipPath} as "${signature.publisher}" (key ${signature.key_id})`);
  io.out(`it installs as verified for users who trust the key: fugue plugin trust add "${signature.publisher}" <public.pem>`);
}
