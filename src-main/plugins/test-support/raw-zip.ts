/**
 * Writes zip archives byte by byte, including what well-behaved zip libraries refuse to
 * write: `../` names, absolute names, backslashes, symlink and device modes, and sizes
 * that lie. Tests use it to build hostile packages.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One entry, with every field a test may want to falsify. */
export interface RawZipEntry {
  name: string;
  data?: Uint8Array;
  /** Deflate the data (default: store it). */
  deflate?: boolean;
  /** Unix mode including the type bits, e.g. `0o120777` for a symlink. Default: regular file 0o644. */
  unixMode?: number;
  /** Overrides of the sizes written in the headers. */
  declaredUncompressedSize?: number;
  /** General-purpose flags; bit 0 marks encryption. */
  flags?: number;
}

const UTF8_FLAG = 0x800;
const MADE_BY_UNIX = (3 << 8) | 20;

/** Builds a zip archive from `entries`. */
export function buildRawZip(entries: readonly RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data ?? new Uint8Array());
    const body = entry.deflate ? deflateRawSync(data) : data;
    const fields = {
      flags: (entry.flags ?? 0) | UTF8_FLAG,
      method: entry.deflate ? 8 : 0,
      crc: crc32(data),
      compressed: body.length,
      uncompressed: entry.declaredUncompressedSize ?? data.length,
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeCommon(local, 4, fields, name.length);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    writeCommon(central, 6, fields, name.length);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Writes the fields local and central headers share, from "version needed" to the name length. */
function writeCommon(
  header: Buffer,
  at: number,
  fields: { flags: number; method: number; crc: number; compressed: number; uncompressed: number },
  nameLength: number,
): void {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(fields.flags, at + 2);
  header.writeUInt16LE(fields.method, at + 4);
  header.writeUInt16LE(0, at + 6);
  header.writeUInt16LE(0x21, at + 8);
  header.writeUInt32LE(fields.crc, at + 10);
  header.writeUInt32LE(fields.compressed, at + 14);
  header.writeUInt32LE(fields.uncompressed, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}
