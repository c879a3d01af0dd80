// Guest side of the kitchen-sink test world (AssemblyScript). Echo functions exercise the
// export direction; `via-host-*` functions pass values through the host's imports.
import { Color, Everything, Perms, Point, Shape, Wide } from "./generated/main/types";
import * as host from "./generated/main/host";
import { Result, setAbortHandler, Some, Tuple3, Tuple6 } from "./generated/main/rt";

// ---- sample and description (mirrored by the JavaScript test) --------------------------

function samplePoints(): Array<Point> {
  const a: Point = { x: 1, y: -2 };
  const b: Point = { x: i32.MAX_VALUE, y: i32.MIN_VALUE };
  return [a, b];
}

export function sampleEverything(): Everything {
  const bytes = new Uint8Array(4);
  bytes[0] = 0;
  bytes[1] = 1;
  bytes[2] = 254;
  bytes[3] = 255;
  const floats = new Float32Array(3);
  floats[0] = 0.5;
  floats[1] = -0.25;
  floats[2] = 1024.75;
  const result: Everything = {
    flag: true,
    aU8: u8.MAX_VALUE,
    aU16: u16.MAX_VALUE,
    aU32: u32.MAX_VALUE,
    aU64: u64.MAX_VALUE,
    aS8: i8.MIN_VALUE,
    aS16: i16.MIN_VALUE,
    aS32: i32.MIN_VALUE,
    aS64: i64.MIN_VALUE,
    aF32: -1.5,
    aF64: 3.125,
    letter: 0x1f3b5,
    text: "héllo wörld 🎵",
    bytes: bytes,
    floats: floats,
    names: ["", "ä", "🎵🎶"],
    points: samplePoints(),
    maybeText: "some",
    maybeNumber: new Some<u32>(0),
    nested: new Some<string | null>(null),
    color: Color.Blue,
    perms: Perms.Read | Perms.Exec,
    wide: Wide.F0 | Wide.F17 | Wide.F31,
    triple: new Tuple3<u8, string, f64>(7, "seven", -0.5),
  };
  return result;
}

function join<T>(items: T, separator: string): string {
  let text = "";
  // @ts-ignore: every list type used here has length and index access
  for (let i = 0; i < items.length; i++) {
    if (i > 0) text += separator;
    // @ts-ignore
    text += items[i].toString();
  }
  return text;
}

export function describeEverything(e: Everything): string {
  let s = "flag=" + (e.flag ? "true" : "false");
  s += " u8=" + e.aU8.toString() + " u16=" + e.aU16.toString() + " u32=" + e.aU32.toString() + " u64=" + e.aU64.toString();
  s += " s8=" + e.aS8.toString() + " s16=" + e.aS16.toString() + " s32=" + e.aS32.toString() + " s64=" + e.aS64.toString();
  s += " f32=" + e.aF32.toString() + " f64=" + e.aF64.toString() + " char=" + e.letter.toString();
  s += " text=" + e.text + " bytes=[" + join(e.bytes, ",") + "] floats=[" + join(e.floats, ",") + "]";
  s += " names=[" + e.names.join("|") + "] points=[";
  for (let i = 0; i < e.points.length; i++) s += "(" + e.points[i].x.toString() + "," + e.points[i].y.toString() + ")";
  const maybeText = e.maybeText;
  s += "] maybeText=" + (maybeText === null ? "none" : "some(" + maybeText + ")");
  const maybeNumber = e.maybeNumber;
  s += " maybeNumber=" + (maybeNumber === null ? "none" : "some(" + maybeNumber.value.toString() + ")");
  const nested = e.nested;
  if (nested === null) s += " nested=none";
  else {
    const inner = nested.value;
    s += inner === null ? " nested=some(none)" : " nested=some(some(" + inner + "))";
  }
  s += " color=" + (<i32>e.color).toString() + " perms=" + e.perms.toString() + " wide=" + e.wide.toString();
  s += " triple=(" + e.triple.v0.toString() + "," + e.triple.v1 + "," + e.triple.v2.toString() + ")";
  return s;
}

// ---- export direction ------------------------------------------------------------------

export function echoEverything(e: Everything): Everything {
  return e;
}
export function echoShapes(s: Array<Shape>): Array<Shape> {
  return s;
}
export function echoFloats(f: Float32Array): Float32Array {
  return f;
}
export function echoStrings(s: Array<string>): Array<string> {
  return s;
}
export function echoText(s: string): string {
  return s;
}
export function maybeFail(fail: bool, value: string): Result<string, Color> {
  return fail ? Result.err<string, Color>(Color.Green) : Result.ok<string, Color>(value);
}
export function unitResult(fail: bool): string | null {
  return fail ? "failed on request" : null;
}
export function bareResult(fail: bool): bool {
  return !fail;
}
export function optionNested(o: Some<Some<u32> | null> | null): Some<Some<u32> | null> | null {
  return o;
}
export function echoPair(p: Tuple3<i64, string, bool>): Tuple3<i64, string, bool> {
  return p;
}
export function echoPerms(p: Perms): Perms {
  return p;
}
export function echoWide(w: Wide): Wide {
  return w;
}
export function echoColor(c: Color): Color {
  return c;
}
export function echoPoint(p: Point): Point {
  return p;
}
export function echoChar(c: u32): u32 {
  return c;
}
export function sum17(a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32, j: u32, k: u32, l: u32, m: u32, n: u32, o: u32, p: u32, q: u64): u64 {
  return <u64>a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q;
}
export function echoExtremes(a: u64, b: i64, c: i8, d: u32, e: f64, f: f32): Tuple6<u64, i64, i8, u32, f64, f32> {
  return new Tuple6<u64, i64, i8, u32, f64, f32>(a, b, c, d, e, f);
}

// ---- import direction ------------------------------------------------------------------

export function viaHostEverything(e: Everything): Everything {
  return host.echoEverything(e);
}
export function hostSampleDescribed(): string {
  return describeEverything(host.sampleEverything());
}
export function describeSampleOnHost(): string {
  return host.describeEverything(sampleEverything());
}
export function viaHostShapes(s: Array<Shape>): Array<Shape> {
  return host.echoShapes(s);
}
export function viaHostFloats(f: Float32Array): Float32Array {
  return host.echoFloats(f);
}
export function viaHostMaybeFail(fail: bool, value: string): Result<string, Color> {
  return host.maybeFail(fail, value);
}
export function viaHostUnitResult(fail: bool): string | null {
  return host.unitResult(fail);
}
export function viaHostOptionNested(o: Some<Some<u32> | null> | null): Some<Some<u32> | null> | null {
  return host.optionNested(o);
}
export function viaHostPair(p: Tuple3<i64, string, bool>): Tuple3<i64, string, bool> {
  return host.echoPair(p);
}
export function viaHostWide(w: Wide): Wide {
  return host.echoWide(w);
}
export function viaHostSum17(base: u32): u64 {
  const b = base;
  return host.sum17(b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15, u64.MAX_VALUE - 1000);
}

// ---- resources -------------------------------------------------------------------------

let liveCount: u32 = 0;

export class Counter {
  private count: u32;
  // Makes a leaked counter visible in memory growth.
  private readonly ballast: StaticArray<u8> = new StaticArray<u8>(4096);

  constructor(start: u32) {
    this.count = start;
    this.ballast[0] = 1;
    liveCount++;
  }
  increment(by: u32): u32 {
    this.count += by;
    return this.count;
  }
  value(): u32 {
    return this.count;
  }
  static label(n: u32): string {
    return "counter #" + n.toString();
  }
  dispose(): void {
    liveCount--;
  }
}

export function makeCounter(start: u32): Counter {
  return new Counter(start);
}
export function counterValue(c: Counter): u32 {
  return c.value();
}
export function consumeCounter(c: Counter): u32 {
  const value = c.value();
  c.dispose();
  return value;
}
export function liveCounters(): u32 {
  return liveCount;
}
export function memoryPages(): u32 {
  return <u32>memory.size();
}

function utf8(text: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(text));
}

export function blobText(b: host.Blob): string {
  const bytes = b.read();
  return String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length);
}
export function takeBlob(b: host.Blob): u32 {
  const size = b.size();
  b.drop();
  return size;
}
export function blobViaHost(text: string): host.Blob {
  return host.makeBlob(text);
}
export function blobSizesOnHost(text: string): Tuple3<u32, u32, u32> {
  const a = new host.Blob(utf8(text));
  const b = host.makeBlob(text);
  const both = host.Blob.concat(a, b);
  const peeked = host.peekBlob(a);
  const consumed = host.consumeBlob(b);
  const total = both.size();
  a.drop();
  both.drop();
  return new Tuple3<u32, u32, u32>(peeked, consumed, total);
}

// ---- traps -----------------------------------------------------------------------------

export function abortWith(message: string): void {
  setAbortHandler((text: string): void => host.note(text));
  assert(message.length == 0, message);
}
