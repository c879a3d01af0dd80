/**
 * Reads a plugin package from a `.zip` without extracting it. The central directory is
 * checked before any entry is decompressed: names that escape the package (zip-slip),
 * links, devices, encryption, unknown compression, duplicate names, and the entry-count,
 * total-size and compression-ratio limits. yauzl then enforces each entry's declared
 * size while decompressing.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { normalizePackagePath } from '../../src-shared/manifest/index.ts';
import {
  EntryBudget,
  IssueList,
  describeOpenError,
  packageIssue,
  packageReadError,
  tooLargeError,
  tooManyEntriesMessage,
  type OpenPackageResult,
  type PackageEntry,
  type PackageFiles,
  type PackageLimits,
} from './package-entries.ts';

interface ExtraField {
  id: number;
  data: Buffer;
}

/** Parts of a yauzl entry its type definitions leave out (we open with `decodeStrings: false`). */
interface RawEntryFields {
  fileNameRaw: Buffer;
  extraFields: ExtraField[];
}

/** yauzl's own name decoder (UTF-8 flag, Info-ZIP unicode path, else CP437); untyped upstream. */
const decodeName = (yauzl as unknown as {
  getFileNameLowLevel(flags: number, raw: Buffer, extra: ExtraField[], strictFileNames: boolean): string;
}).getFileNameLowLevel;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const ENCRYPTED_FLAG = 0x1;
const STORED = 0;
const DEFLATED = 8;

interface Listing {
  entries: Map<string, PackageEntry>;
  zipEntries: Map<string, Entry>;
  caseFolded: Map<string, string>;
  budget: EntryBudget;
  problems: IssueList;
  limitHit?: string;
}

/** Lists a zip package and checks every entry; see {@link openPackage}. */
export async function openZipPackage(source: string, limits: PackageLimits): Promise<OpenPackageResult> {
  let zip: ZipFile;
  try {
    zip = await openZip(source);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return { ok: false, issues: [describeOpenError(source, error)] };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [packageIssue(`"${source}" is not a readable .zip file (${reason}); pass a plugin folder or a .zip`)] };
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    return { ok: false, issues: [packageIssue(tooManyEntriesMessage(limits.maxEntries))] };
  }
  const listing: Listing = {
    entries: new Map(),
    zipEntries: new Map(),
    caseFolded: new Map(),
    budget: new EntryBudget(limits),
    problems: new IssueList(),
  };
  try {
    await forEachEntry(zip, (entry) => addEntry(listing, entry, limits));
  } catch (error) {
    zip.close();
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [packageIssue(`"${source}" is a damaged .zip file (${reason})`)] };
  }
  const issues = listing.limitHit === undefined ? listing.problems.finish() : [packageIssue(listing.limitHit)];
  if (issues.length > 0) {
    zip.close();
    return { ok: false, issues };
  }
  return { ok: true, files: zipFiles(source, zip, listing) };
}

/** Checks one central-directory entry; returns false to stop listing once a limit is hit. */
function addEntry(listing: Listing, entry: Entry, limits: PackageLimits): boolean {
  const raw = entry as unknown as RawEntryFields;
  const rawName = decodeName(entry.generalPurposeBitFlag, raw.fileNameRaw, raw.extraFields, true);
  const limitHit = listing.budget.add(entry.uncompressedSize);
  if (limitHit !== undefined) {
    listing.limitHit = limitHit;
    return false;
  }
  const problem = entryProblem(entry, rawName, limits);
  if (problem !== undefined) {
    listing.problems.add(`entry "${rawName}" ${problem}`);
    return true;
  }
  const name = normalizePackagePath(rawName);
  if (!name.ok) return true;
  const folded = name.path.toLowerCase();
  const clash = listing.caseFolded.get(folded);
  if (clash !== undefined) {
    listing.problems.add(`entry "${rawName}" has the same name as "${clash}" (ignoring case); give every file its own name`);
    return true;
  }
  listing.caseFolded.set(folded, name.path);
  const kind = isFolder(entry, rawName) ? 'folder' : 'file';
  listing.entries.set(name.path, { path: name.path, kind, size: kind === 'file' ? entry.uncompressedSize : 0 });
  if (kind === 'file') listing.zipEntries.set(name.path, entry);
  return true;
}

/** Why an entry is refused, worded to follow `entry "<name>"`, or undefined. */
function entryProblem(entry: Entry, rawName: string, limits: PackageLimits): string | undefined {
  const name = normalizePackagePath(rawName.endsWith('/') ? rawName.slice(0, -1) : rawName);
  if (!name.ok) return name.reason;
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) return 'is a symbolic link; a package may hold only regular files and folders';
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    return 'is a device, pipe or socket; a package may hold only regular files and folders';
  }
  if ((entry.generalPurposeBitFlag & ENCRYPTED_FLAG) !== 0) return 'is encrypted; packages must not be password-protected';
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    return `uses compression method ${entry.compressionMethod}; zip the package with deflate or no compression`;
  }
  const size = entry.uncompressedSize;
  if (size >= limits.ratioCheckMinBytes) {
    const ratio = entry.compressedSize === 0 ? Infinity : size / entry.compressedSize;
    if (ratio > limits.maxCompressionRatio) {
      const shown = Number.isFinite(ratio) ? `${Math.round(ratio)}:1` : 'from nothing';
      return `expands ${shown}, past the ${limits.maxCompressionRatio}:1 compression-ratio limit; a package this compressible looks like a zip bomb`;
    }
  }
  return undefined;
}

function isFolder(entry: Entry, rawName: string): boolean {
  return rawName.endsWith('/') || ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFDIR;
}

function zipFiles(source: string, zip: ZipFile, listing: Listing): PackageFiles {
  return {
    format: 'zip',
    source,
    entries: listing.entries,
    read: async (path, maxBytes) => {
      const entry = listing.zipEntries.get(path);
      if (entry === undefined) throw packageReadError(`"${path}" is not a file in the package`);
      if (entry.uncompressedSize > maxBytes) throw tooLargeError(path, entry.uncompressedSize, maxBytes);
      return readEntry(zip, entry);
    },
    dispose: async () => zip.close(),
  };
}

function openZip(source: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      source,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    );
  });
}

/** Visits central-directory entries one at a time until `visit` returns false or the end. */
function forEachEntry(zip: ZipFile, visit: (entry: Entry) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      // Later failures reach the read that caused them through its callback or stream;
      // without a listener, an 'error' event would crash the process instead.
      zip.on('error', () => {});
    };
    zip.on('entry', (entry: Entry) => {
      if (visit(entry)) zip.readEntry();
      else {
        cleanup();
        resolve();
      }
    });
    zip.once('end', () => {
      cleanup();
      resolve();
    });
    zip.once('error', (error: Error) => {
      cleanup();
      reject(error);
    });
    zip.readEntry();
  });
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(packageReadError(`cannot read an entry of the package: ${error.message}`));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('error', (streamError: Error) => reject(packageReadError(`damaged entry in the package: ${streamError.message}`)));
      stream.once('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    });
  });
}
