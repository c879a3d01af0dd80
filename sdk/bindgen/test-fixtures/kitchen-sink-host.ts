/**
 * The JavaScript side of the kitchen-sink world: sample values (mirroring the guest's),
 * the description format both sides print, and the host's `blob` resource.
 */

type Flags = Record<string, boolean | undefined>;
type Option<T> = { tag: 'none' } | { tag: 'some'; val: T };

/** `everything` as jco presents it. */
export interface Everything {
  flag: boolean;
  aU8: number;
  aU16: number;
  aU32: number;
  aU64: bigint;
  aS8: number;
  aS16: number;
  aS32: number;
  aS64: bigint;
  aF32: number;
  aF64: number;
  letter: string;
  text: string;
  bytes: Uint8Array;
  floats: Float32Array;
  names: string[];
  points: { x: number; y: number }[];
  maybeText?: string | undefined;
  maybeNumber?: number | undefined;
  nested: Option<string | undefined>;
  color: 'red' | 'green' | 'blue';
  perms: Flags;
  wide: Flags;
  triple: [number, string, number];
}

/** The same value the guest's `sampleEverything()` builds. */
export function sampleEverything(): Everything {
  return {
    flag: true,
    aU8: 255,
    aU16: 65535,
    aU32: 4294967295,
    aU64: 2n ** 64n - 1n,
    aS8: -128,
    aS16: -32768,
    aS32: -2147483648,
    aS64: -(2n ** 63n),
    aF32: -1.5,
    aF64: 3.125,
    letter: '🎵',
    text: 'héllo wörld 🎵',
    bytes: Uint8Array.of(0, 1, 254, 255),
    floats: Float32Array.of(0.5, -0.25, 1024.75),
    names: ['', 'ä', '🎵🎶'],
    points: [
      { x: 1, y: -2 },
      { x: 2147483647, y: -2147483648 },
    ],
    maybeText: 'some',
    maybeNumber: 0,
    nested: { tag: 'some', val: undefined },
    color: 'blue',
    perms: { read: true, exec: true },
    wide: { f0: true, f17: true, f31: true },
    triple: [7, 'seven', -0.5],
  };
}

/** Zeros, empty lists, absent options and empty flags. */
export function sparseEverything(): Everything {
  return {
    flag: false,
    aU8: 0,
    aU16: 0,
    aU32: 0,
    aU64: 0n,
    aS8: 0,
    aS16: 0,
    aS32: 0,
    aS64: 0n,
    aF32: 0.25,
    aF64: -0.5,
    letter: 'a',
    text: '',
    bytes: new Uint8Array(0),
    floats: new Float32Array(0),
    names: [],
    points: [],
    maybeText: undefined,
    maybeNumber: undefined,
    nested: { tag: 'none' },
    color: 'red',
    perms: {},
    wide: {},
    triple: [0, 'ünï', 0.75],
  };
}

function flagBits(flags: Flags, names: string[]): number {
  return names.reduce((bits, name, index) => (flags[name] === true ? bits + 2 ** index : bits), 0);
}

const PERMS = ['read', 'write', 'exec'];
const WIDE = Array.from({ length: 32 }, (_, index) => `f${index}`);
const COLORS = ['red', 'green', 'blue'];

/** The text the guest's `describeEverything` produces for the same value. */
export function describeEverything(e: Everything): string {
  const nested = e.nested.tag === 'none' ? 'none' : e.nested.val === undefined ? 'some(none)' : `some(some(${e.nested.val}))`;
  return [
    `flag=${e.flag}`,
    `u8=${e.aU8} u16=${e.aU16} u32=${e.aU32} u64=${e.aU64}`,
    `s8=${e.aS8} s16=${e.aS16} s32=${e.aS32} s64=${e.aS64}`,
    `f32=${e.aF32} f64=${e.aF64} char=${e.letter.codePointAt(0) ?? 0}`,
    `text=${e.text} bytes=[${Array.from(e.bytes).join(',')}] floats=[${Array.from(e.floats).join(',')}]`,
    `names=[${e.names.join('|')}] points=[${e.points.map((point) => `(${point.x},${point.y})`).join('')}]`,
    `maybeText=${e.maybeText === undefined ? 'none' : `some(${e.maybeText})`}`,
    `maybeNumber=${e.maybeNumber === undefined ? 'none' : `some(${e.maybeNumber})`}`,
    `nested=${nested}`,
    `color=${COLORS.indexOf(e.color)} perms=${flagBits(e.perms, PERMS)} wide=${flagBits(e.wide, WIDE)}`,
    `triple=(${e.triple[0]},${e.triple[1]},${e.triple[2]})`,
  ].join(' ');
}

function setFlags(flags: Flags): string[] {
  return Object.entries(flags)
    .filter(([, on]) => on === true)
    .map(([name]) => name)
    .sort();
}

/** A comparable plain form (typed arrays as arrays, flags as sorted names, absent = undefined). */
export function normalize(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) throw new Error('not an everything record');
  const e = value as Everything;
  return {
    ...e,
    bytes: Array.from(e.bytes),
    floats: Array.from(e.floats),
    maybeText: e.maybeText,
    maybeNumber: e.maybeNumber,
    perms: setFlags(e.perms),
    wide: setFlags(e.wide),
  };
}

/** The host's `blob` resource; counts disposals (jco disposes when the guest drops a handle). */
export class HostBlob {
  static disposed = 0;

  constructor(private readonly data: Uint8Array) {}

  size(): number {
    return this.data.length;
  }

  read(): Uint8Array {
    return this.data;
  }

  static concat(a: HostBlob, b: HostBlob): HostBlob {
    const joined = new Uint8Array(a.size() + b.size());
    joined.set(a.read());
    joined.set(b.read(), a.size());
    return new HostBlob(joined);
  }

  [Symbol.dispose](): void {
    HostBlob.disposed += 1;
  }
}
