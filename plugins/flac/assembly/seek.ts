// Finding a frame near a target sample: the SEEKTABLE narrows the byte range when there is
// one, then a bisection over frame sync codes narrows it to a few dozen KiB; the session
// decodes forward from there to the exact sample.
import { FRAME_OK, FrameDecoder } from "./frame";
import { SeekPoint, StreamHeader } from "./metadata";
import { Source } from "./source";

/** Below this many bytes between the bounds, decoding forward beats another probe. */
const LINEAR_BYTES: u64 = 96 * 1024;
/** How far past a probe point a frame is searched for before giving up. */
export const SCAN_BYTES: u64 = 1024 * 1024;

export class FrameStart {
  constructor(
    public offset: u64,
    public sample: u64,
  ) {}
}

/**
 * The first valid frame (header CRC-8 and whole-frame CRC-16 checked) starting at or
 * after `from`, or null when there is none before `limit`.
 */
export function frameAtOrAfter(source: Source, decoder: FrameDecoder, from: u64, limit: u64): FrameStart | null {
  if (!source.seekTo(from)) return null;
  while (true) {
    source.ensure(64 * 1024);
    const available = source.available;
    if (available < 2) return null;
    const data = source.data + source.pos;
    let found: i32 = -1;
    for (let i: u32 = 0; i + 1 < available; i++) {
      if (load<u8>(data + i) == 0xff && (load<u8>(data + i + 1) & 0xfe) == 0xf8) {
        found = <i32>i;
        break;
      }
    }
    if (found < 0) {
      source.pos += available - 1;
      if (source.offset >= limit) return null;
      continue;
    }
    source.pos += <u32>found;
    const offset = source.offset;
    if (offset >= limit) return null;
    if (decoder.decode(source) == FRAME_OK) return new FrameStart(offset, decoder.header.firstSample);
    if (!source.seekTo(offset + 1)) return null;
  }
}

/** The byte range [lo, hi) the frame holding `target` starts in, from the seektable. */
function tableBounds(stream: StreamHeader, target: u64, end: u64, useTable: bool): FrameStart[] {
  let lo = new FrameStart(stream.firstFrame, 0);
  let hi = new FrameStart(end, stream.params.totalSamples);
  const points = useTable ? stream.seekPoints : new Array<SeekPoint>();
  for (let i = 0; i < points.length; i++) {
    const point = unchecked(points[i]);
    const offset = stream.firstFrame + point.offset;
    if (offset >= end) continue;
    if (point.sample <= target && point.sample >= lo.sample) lo = new FrameStart(offset, point.sample);
    else if (point.sample > target && offset < hi.offset) hi = new FrameStart(offset, point.sample);
  }
  return [lo, hi];
}

/**
 * A frame start at or before `target` whose distance to it is small; `useTable` false
 * ignores the SEEKTABLE (when it proved wrong).
 */
export function locate(source: Source, decoder: FrameDecoder, stream: StreamHeader, target: u64, useTable: bool): FrameStart {
  const end = source.length > 0 ? source.length : stream.firstFrame;
  const bounds = tableBounds(stream, target, max(end, stream.firstFrame), useTable);
  let lo = bounds[0];
  let hi = bounds[1].offset;
  while (hi > lo.offset && hi - lo.offset > LINEAR_BYTES) {
    const middle = lo.offset + (hi - lo.offset) / 2;
    const found = frameAtOrAfter(source, decoder, middle, min(hi, middle + SCAN_BYTES));
    if (found === null || found.sample > target) hi = middle;
    else lo = found;
  }
  return lo;
}
