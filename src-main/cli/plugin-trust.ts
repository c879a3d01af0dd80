/**
 * `fugue plugin trust add <publisher> <public-key.pem>`, `fugue plugin trust list [--json]`
 * and `fugue plugin trust remove <key-id>`: the publisher keys whose signatures make a
 * plugin `verified`.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { keyIdOf, parsePublicKey } from '../plugins/signature.ts';
import { Catalog } from '../state/catalog.ts';
import { PluginDataLayout } from '../plugins/data-layout.ts';
import { EXIT, dataDirOf, formatTime, parseCommand, printFailure, withCatalog, type CliIo } from './plugin-cli-support.ts';

export const TRUST_USAGE = 'usage: fugue plugin trust add <publisher> <public-key.pem> | trust list [--json] | trust remove <key-id>   [--data-dir <dir>]';

export async function runPluginTrust(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'add') return trustAdd(rest, io);
  if (sub === 'list') return trustList(rest, io);
  if (sub === 'remove') return trustRemove(rest, io);
  io.err(sub === undefined ? TRUST_USAGE : `fugue plugin trust: unknown subcommand "${sub}"\n${TRUST_USAGE}`);
  return EXIT.usage;
}

async function trustAdd(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(io, argv, TRUST_USAGE, {}, 2);
  if (parsed === undefined) return EXIT.usage;
  const [publisher, file] = parsed.positionals as [string, string];
  try {
    const pem = await readFile(file, 'utf8').catch((error: Error) => {
      throw new Error(`cannot read ${file}: ${error.message}`);
    });
    const key = parsePublicKey(pem);
    const added = withWritableCatalog(dataDirOf(parsed), (catalog) =>
      catalog.trustedKeys.add({ keyId: keyIdOf(key), publisher, publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString() }),
    );
    io.out(`trusted ${added.publisher} key ${added.keyId}; packages it signs install as verified`);
    return EXIT.ok;
  } catch (error) {
    return printFailure(io, 'trust add', error);
  }
}

async function trustList(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(io, argv, TRUST_USAGE, { json: { type: 'boolean' } }, 0);
  if (parsed === undefined) return EXIT.usage;
  return withCatalog(dataDirOf(parsed), (catalog) => {
    const keys = (catalog?.trustedKeys.list() ?? []).map(({ keyId, publisher, addedAt }) => ({ keyId, publisher, addedAt }));
    if (parsed.values.json === true) io.out(JSON.stringify(keys, null, 2));
    else if (keys.length === 0) io.out('no trusted publisher keys; "fugue plugin trust add <publisher> <public-key.pem>" adds one');
    else for (const key of keys) io.out(`${key.keyId}  ${key.publisher}  added ${formatTime(key.addedAt)}`);
    return EXIT.ok;
  });
}

async function trustRemove(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(io, argv, TRUST_USAGE, {}, 1);
  if (parsed === undefined) return EXIT.usage;
  const [keyId] = parsed.positionals as [string];
  const removed = withWritableCatalog(dataDirOf(parsed), (catalog) => catalog.trustedKeys.remove(keyId));
  if (!removed) {
    io.err(`fugue plugin trust remove: no trusted key "${keyId}"; "fugue plugin trust list" shows the key ids`);
    return EXIT.failed;
  }
  io.out(`removed key ${keyId}; plugins it verified now show as unverified`);
  return EXIT.ok;
}

/** The catalog opened for a small write (creating it on first use); SQLite serialises writers. */
function withWritableCatalog<T>(dataDir: string, work: (catalog: Catalog) => T): T {
  const layout = new PluginDataLayout(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const catalog = Catalog.open(layout.catalogFile);
  try {
    return work(catalog);
  } finally {
    catalog.close();
  }
}
