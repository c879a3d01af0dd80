// The WAV header ffmpeg writes in front of its float PCM (`-f wav -c:a pcm_f32le` to a
// pipe): RIFF/WAVE, a `fmt ` chunk (WAVE_FORMAT_EXTENSIBLE or IEEE float), an optional
// LIST/INFO chunk with the tags ffmpeg mapped from the source, then `data` with an unknown
// size (the PCM runs to the end of the stream).
import { TrackMetadata } from "./generated/main/decoder";
import { Some } from "./generated/main/rt";
import { ByteQueue } from "./byte-queue";

const FORMAT_FLOAT: u32 = 3;
const FORMAT_EXTENSIBLE: u32 = 0xfffe;

export class WaveHeader {
  sampleRate: u32 = 0;
  channels: u16 = 0;
  metadata: TrackMetadata = new TrackMetadata();
  /** Why the header is unusable; null when it is fine. */
  problem: string | null = null;
}

function fourcc(queue: ByteQueue, at: i32): string {
  return String.fromCharCodes([<i32>queue.at(at), <i32>queue.at(at + 1), <i32>queue.at(at + 2), <i32>queue.at(at + 3)]);
}

/**
 * Parses the header at the front of `queue` when it is complete: returns its length in
 * bytes (then consumed by the caller), or 0 when more bytes are needed.
 */
export function parseWaveHeader(queue: ByteQueue, header: WaveHeader): i32 {
  if (queue.length < 12) return 0;
  if (fourcc(queue, 0) != "RIFF" || fourcc(queue, 8) != "WAVE") {
    header.problem = "ffmpeg's output does not start with a WAV header";
    return 12;
  }
  let at = 12;
  while (queue.length >= at + 8) {
    const id = fourcc(queue, at);
    const size = <i32>queue.u32(at + 4);
    if (id == "data") return at + 8;
    if (size < 0 || size > 1 << 24) {
      header.problem = "ffmpeg's WAV header has a " + id + " chunk of " + size.toString() + " bytes";
      return at + 8;
    }
    const padded = size + (size & 1);
    if (queue.length < at + 8 + padded) return 0;
    if (id == "fmt ") readFormat(queue, at + 8, size, header);
    else if (id == "LIST" && size >= 4 && fourcc(queue, at + 8) == "INFO") readInfo(queue, at + 12, at + 8 + size, header.metadata);
    at += 8 + padded;
  }
  return 0;
}

function readFormat(queue: ByteQueue, at: i32, size: i32, header: WaveHeader): void {
  if (size < 16) {
    header.problem = "ffmpeg's WAV format chunk is too short";
    return;
  }
  let format = queue.u16(at);
  if (format == FORMAT_EXTENSIBLE && size >= 26) format = queue.u16(at + 24);
  header.channels = <u16>queue.u16(at + 2);
  header.sampleRate = queue.u32(at + 4);
  const bits = queue.u16(at + 14);
  if (format != FORMAT_FLOAT || bits != 32 || header.channels == 0 || header.sampleRate == 0) {
    header.problem = "ffmpeg sent format " + format.toString() + " with " + bits.toString() + "-bit samples instead of 32-bit float";
  }
}

function text(queue: ByteQueue, at: i32, size: i32): string {
  let length = size;
  while (length > 0 && queue.at(at + length - 1) == 0) length--;
  return String.UTF8.decodeUnsafe(queue.pointer() + <usize>at, <usize>length);
}

function leadingNumber(value: string): u32 {
  let result: u32 = 0;
  for (let i = 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    result = result * 10 + <u32>digit;
  }
  return result;
}

/** INFO subchunks ffmpeg writes: INAM title, IART artist, IPRD album, IGNR genre, ICRD date, IPRT track. */
function readInfo(queue: ByteQueue, at: i32, end: i32, metadata: TrackMetadata): void {
  while (at + 8 <= end) {
    const id = fourcc(queue, at);
    const size = <i32>queue.u32(at + 4);
    if (size < 0 || at + 8 + size > end) return;
    const value = text(queue, at + 8, size);
    if (id == "INAM") metadata.title = value;
    else if (id == "IART") metadata.artist = value;
    else if (id == "IPRD") metadata.album = value;
    else if (id == "IGNR") metadata.genre = value;
    else if (id == "ICRD" && leadingNumber(value) > 0) metadata.year = new Some<u32>(leadingNumber(value));
    else if (id == "IPRT" && leadingNumber(value) > 0) metadata.trackNumber = new Some<u32>(leadingNumber(value));
    at += 8 + size + (size & 1);
  }
}
