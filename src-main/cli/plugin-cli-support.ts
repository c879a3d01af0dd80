/**
 * What the `fugue plugin` management commands share: argument parsing with
 * `--data-dir`, opening the catalog or the full services, and printing failures as
 * "what happened" plus "what to do".
 */
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { toFugueErrorData } from '../../src-shared/errors.ts';
import { formatIssue } from '../../src-shared/manifest/index.ts';
import { resolveDataDir } from '../app/paths.ts';
import { PluginServices } from '../app/plugin-services.ts';
import { PluginDataLayout } from '../plugins/data-layout.ts';
import { PackageRejectedError } from '../plugins/stage-package.ts';
import { Catalog } from '../state/catalog.ts';

/** Where a command writes and reads; tests and other front ends pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks a yes/no question on a terminal; undefined when stdin is not one. */
  confirm?: (question: string) => Promise<boolean>;
}

/** Exit codes: 0 done, 1 failed, 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed flags and positionals, or the exit code after printing usage. */
export type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

const DATA_DIR: Options = { 'data-dir': { type: 'string' } };

/** Parses `argv` against `options` plus `--data-dir`; prints the usage and returns undefined on a mistake. */
export function parseCommand(io: CliIo, argv: readonly string[], usage: string, options: Options, positionals: number): Parsed | undefined {
  try {
    const parsed = parseArgs({ args: [...argv], options: { ...DATA_DIR, ...options }, allowPositionals: true, strict: true });
    if (parsed.positionals.length !== positionals) {
      io.err(`${parsed.positionals.length < positionals ? 'missing argument' : `unexpected "${parsed.positionals[positionals]}"`}\n${usage}`);
      return undefined;
    }
    return { values: parsed.values as Parsed['values'], positionals: parsed.positionals };
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return undefined;
  }
}

export function dataDirOf(parsed: Parsed): string {
  const explicit = parsed.values['data-dir'];
  return resolveDataDir(typeof explicit === 'string' ? explicit : undefined);
}

/** Runs `work` with the full services (locked data folder, repaired after any interrupted operation). */
export async function withServices<T>(dataDir: string, work: (services: PluginServices) => Promise<T>): Promise<T> {
  const services = await PluginServices.open({ dataDir });
  try {
    await services.repair();
    return await work(services);
  } finally {
    await services.dispose();
  }
}

/** Runs `work` with the catalog only (read-only commands); undefined catalog when nothing was ever installed. */
export async function withCatalog<T>(dataDir: string, work: (catalog: Catalog | undefined) => T | Promise<T>): Promise<T> {
  const file = new PluginDataLayout(dataDir).catalogFile;
  if (!existsSync(file)) return work(undefined);
  const catalog = Catalog.open(file);
  try {
    return await work(catalog);
  } finally {
    catalog.close();
  }
}

/** Prints a failure: the command, what happened (every package problem on its own line). */
export function printFailure(io: CliIo, command: string, error: unknown): number {
  if (error instanceof PackageRejectedError) {
    io.err(`fugue plugin ${command}: the package was refused and nothing was changed:`);
    for (const issue of error.issues) io.err(`  ${formatIssue(issue)}`);
    return EXIT.failed;
  }
  const data = toFugueErrorData(error);
  io.err(`fugue plugin ${command}: ${data.message}`);
  return EXIT.failed;
}

/** `2026-11-22 05:31:34`, in UTC, for lists and logs. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
