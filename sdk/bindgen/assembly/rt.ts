// Fugue component runtime support for AssemblyScript (copied next to every generated binding).
// Value types for the author-facing API (Some, Result, tuples) and the canonical ABI memory
// helpers the generated glue calls. Do not edit the copy in a `generated/` folder.

/** `option<T>` of a value type (or of a nullable type): `Some<T> | null`. */
export class Some<T> {
  constructor(public value: T) {}
}

/** The payload of a missing `result` side (`result<T>`): always 0. */
export type Unit = u8;

/** `result<T, E>`: check `isOk`, then read `value` or `error`. */
export class Result<T, E> {
  private constructor(
    public readonly isOk: bool,
    private readonly okValue: T,
    private readonly errValue: E,
  ) {}

  static ok<T, E>(value: T): Result<T, E> {
    return new Result<T, E>(true, value, zero<E>());
  }

  static err<T, E>(error: E): Result<T, E> {
    return new Result<T, E>(false, zero<T>(), error);
  }

  get isErr(): bool {
    return !this.isOk;
  }

  /** The success value; aborts when this is an error. */
  get value(): T {
    if (!this.isOk) throw new Error("Result.value read on an error");
    return this.okValue;
  }

  /** The error value; aborts when this is a success. */
  get error(): E {
    if (this.isOk) throw new Error("Result.error read on a success");
    return this.errValue;
  }
}

// @ts-ignore: decorator
@inline
function zero<T>(): T {
  if (isReference<T>()) return changetype<T>(0);
  // @ts-ignore: value types convert from 0
  return <T>0;
}

export class Tuple1<A> {
  constructor(public v0: A) {}
}
export class Tuple2<A, B> {
  constructor(public v0: A, public v1: B) {}
}
export class Tuple3<A, B, C> {
  constructor(public v0: A, public v1: B, public v2: C) {}
}
export class Tuple4<A, B, C, D> {
  constructor(public v0: A, public v1: B, public v2: C, public v3: D) {}
}
export class Tuple5<A, B, C, D, E> {
  constructor(public v0: A, public v1: B, public v2: C, public v3: D, public v4: E) {}
}
export class Tuple6<A, B, C, D, E, F> {
  constructor(public v0: A, public v1: B, public v2: C, public v3: D, public v4: E, public v5: F) {}
}

// ---- abort ----------------------------------------------------------------------------

let onAbort: ((message: string) => void) | null = null;

/**
 * Sets a function called with the message (and source position) before the component traps
 * on `abort` — a failed `assert`, `throw`, an out-of-bounds access — e.g. to send it to the
 * host's log. The trap itself cannot be avoided: AssemblyScript has no exceptions.
 */
export function setAbortHandler(handler: ((message: string) => void) | null): void {
  onAbort = handler;
}

/** Replaces AssemblyScript's `env.abort` import, which a component may not have. */
export function abortHandler(message: string | null, fileName: string | null, line: u32, column: u32): void {
  const handler = onAbort;
  if (handler !== null) {
    onAbort = null; // an abort inside the handler must not recurse
    const where = fileName === null ? "" : " at " + fileName + ":" + line.toString() + ":" + column.toString();
    handler((message === null ? "abort" : message) + where);
  }
  unreachable();
}

// ---- canonical ABI memory -------------------------------------------------------------

/** `cabi_realloc`: raw (non-GC) blocks the host fills with lowered strings and lists. */
export function realloc(oldPtr: usize, oldSize: usize, align: usize, newSize: usize): usize {
  // TLSF blocks are 16-byte aligned, enough for every canonical ABI alignment.
  if (oldPtr == 0) return heap.alloc(newSize);
  return heap.realloc(oldPtr, newSize);
}

class Anchor {}

// What the glue lowered for the host and must keep until the host has read it: GC objects
// lent zero-copy (rooted here) and raw blocks (freed on release).
const retained = new Array<Anchor>();
const blocks = new Array<usize>();

/** A position in the lowering arena; `arenaRelease(mark)` frees what came after it. */
export function arenaMark(): i32 {
  return blocks.length;
}

/** Frees raw blocks allocated since `mark`; at mark 0 also unroots every lent object. */
export function arenaRelease(mark: i32): void {
  for (let i = blocks.length - 1; i >= mark; i--) heap.free(unchecked(blocks[i]));
  blocks.length = mark;
  if (mark == 0) retained.length = 0;
}

/** A raw block that lives until the arena is released. */
export function arenaAlloc(size: usize): usize {
  const ptr = heap.alloc(size);
  blocks.push(ptr);
  return ptr;
}

/** Roots `object` until the arena is released at mark 0 and returns its address. */
export function lend<T>(object: T): usize {
  retained.push(changetype<Anchor>(object));
  return changetype<usize>(object);
}

/** Copies a host-lowered UTF-16 string out of its block and frees the block. */
export function liftString(ptr: u32, len: u32): string {
  if (len == 0) {
    heap.free(<usize>ptr);
    return "";
  }
  const value = String.UTF16.decodeUnsafe(<usize>ptr, <usize>len << 1);
  heap.free(<usize>ptr);
  return value;
}

/** Stores `(ptr, len)` of a string lent to the host. */
export function lowerString(value: string, at: usize): void {
  store<u32>(at, <u32>lend(value));
  store<u32>(at, <u32>value.length, 4);
}

/** Copies a host-lowered list of numbers into a new typed array (one memory.copy). */
export function liftTypedArray<T extends ArrayBufferView>(ptr: u32, len: u32): T {
  const array = instantiate<T>(<i32>len);
  if (len > 0) memory.copy(array.dataStart, <usize>ptr, <usize>array.byteLength);
  heap.free(<usize>ptr);
  return array;
}

/** Stores `(ptr, len)` of a typed array lent to the host (no copy). */
export function lowerTypedArray<T extends ArrayBufferView>(value: T, at: usize): void {
  lend(value);
  store<u32>(at, <u32>value.dataStart);
  // @ts-ignore: every typed array has `length`
  store<u32>(at, <u32>value.length, 4);
}

/** `(ptr, len)` core values of a typed array passed to an import (alive for the call). */
export function typedArrayPtr<T extends ArrayBufferView>(value: T): i32 {
  return <i32>value.dataStart;
}
