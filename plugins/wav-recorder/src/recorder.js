// WAV recorder: an output sink that writes what plays into a WAV file in the plugin's data
// folder (`/data`, the only folder the host's sandbox opens), one timestamped file per
// `open`. 32-bit float (the default) keeps the host's samples bit for bit; 16-bit PCM is
// round(x * 32768) clamped to [-32768, 32767]. The header's sizes are rewritten after
// every write, so the file on disk is a valid WAV at every moment, even if Fugue is killed.
import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { now } from 'wasi:clocks/wall-clock@0.2.12';
import { write as log } from 'fugue:plugin/log@0.1.0';

const TYPE_ID = 'wav-recorder';
const TARGET_ID = 'data-folder';
const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
/** RIFF sizes are u32: stop before the file outgrows them. */
const MAX_DATA_BYTES = 0xffffffff - 64;

let sampleFormat = 'float32';

const fail = (code, message) => ({ code, message });
const reason = (error) => (error && typeof error === 'object' && 'payload' in error ? String(error.payload) : String(error));

function dataFolder() {
  const found = getDirectories().find(([, path]) => path === '/data');
  if (!found) throw fail('io', 'the host gave the recorder no data folder to write into');
  return found[0];
}

/** `recording-2026-11-22T07-45-24Z.wav`, or with `-2`, `-3`… when that name is taken. */
function createFile(folder) {
  const stamp = new Date(now().seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  let lastError;
  for (let attempt = 1; attempt <= 100; attempt++) {
    const name = `recording-${stamp}${attempt === 1 ? '' : `-${attempt}`}.wav`;
    try {
      return { name, file: folder.openAt({}, name, { create: true, exclusive: true }, { write: true }) };
    } catch (error) {
      lastError = error;
      if (reason(error) !== 'exist') break;
    }
  }
  throw fail('io', `cannot create a recording in the plugin's data folder (${reason(lastError)}); check that the disk is writable and not full`);
}

/** A RIFF/WAVE header for `dataBytes` bytes of samples (float adds the `fact` chunk readers expect). */
function header(format, float, dataBytes) {
  const bytesPerSample = float ? 4 : 2;
  const fmtBytes = float ? 18 : 16;
  const size = 12 + 8 + fmtBytes + (float ? 12 : 0) + 8;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const ascii = (at, text) => [...text].forEach((char, index) => view.setUint8(at + index, char.charCodeAt(0)));
  const blockAlign = format.channels * bytesPerSample;
  ascii(0, 'RIFF');
  view.setUint32(4, size - 8 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtBytes, true);
  view.setUint16(20, float ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bytesPerSample * 8, true);
  let at = 36;
  if (float) {
    view.setUint16(at, 0, true);
    ascii(at + 2, 'fact');
    view.setUint32(at + 6, 4, true);
    view.setUint32(at + 10, dataBytes / blockAlign, true);
    at += 14;
  }
  ascii(at, 'data');
  view.setUint32(at + 4, dataBytes, true);
  return bytes;
}

function encode(samples, float) {
  if (float) return new Uint8Array(Float32Array.from(samples).buffer);
  const pcm = new Int16Array(samples.length);
  for (let index = 0; index < samples.length; index++) {
    const value = Math.round(samples[index] * 32768);
    pcm[index] = value > 32767 ? 32767 : value < -32768 ? -32768 : value;
  }
  return new Uint8Array(pcm.buffer);
}

class Sink {
  constructor(format) {
    this.format = format;
    this.float = sampleFormat === 'float32';
    const { name, file } = createFile(dataFolder());
    this.name = name;
    this.file = file;
    this.headerBytes = header(format, this.float, 0).length;
    this.dataBytes = 0;
    this.file.write(header(format, this.float, 0), 0);
    log('info', `recording to ${name} (${this.float ? '32-bit float' : '16-bit PCM'}, ${format.channels} ch, ${format.sampleRate} Hz)`);
  }

  write(samples) {
    if (!this.file) throw fail('io', 'the recording is closed');
    if (samples.length % this.format.channels !== 0) throw fail('invalid-argument', 'samples are not a whole number of frames');
    const bytes = encode(samples, this.float);
    if (this.dataBytes + bytes.length > MAX_DATA_BYTES) throw fail('unsupported', `${this.name} reached the 4 GiB WAV limit; start a new recording`);
    try {
      this.file.write(bytes, this.headerBytes + this.dataBytes);
      this.dataBytes += bytes.length;
      this.file.write(header(this.format, this.float, this.dataBytes), 0);
    } catch (error) {
      throw fail('io', `writing ${this.name} failed (${reason(error)}); the disk may be full`);
    }
    return samples.length / this.format.channels;
  }

  drain() {
    // Every write is on disk (and the header current) when `write` returns.
  }

  queuedFrames() {
    return 0;
  }

  [Symbol.dispose]() {
    this.file?.[Symbol.dispose]?.();
    this.file = undefined;
  }
}

export const lifecycle = {
  onEnable() {},
  onDisable() {},
};

export const settings = {
  apply(typeId, values) {
    if (typeId !== TYPE_ID) throw fail('not-found', `no output sink "${typeId}" in this plugin`);
    for (const { key, value } of values) {
      if (key !== 'sample_format') continue;
      if (value.tag !== 'text' || (value.val !== 'float32' && value.val !== 'pcm16')) {
        throw fail('invalid-argument', 'sample_format must be "float32" or "pcm16"');
      }
      sampleFormat = value.val;
    }
    // New recordings use the format; one already open keeps its own.
    return 'applied';
  },
};

export const outputSink = {
  Sink,
  listTargets() {
    return [{ id: TARGET_ID, name: 'WAV file in the recorder’s data folder', description: 'Each playback is recorded to a new timestamped .wav file', isDefault: true, maxChannels: 32, sampleRates: [] }];
  },
  open(typeId, targetId, format) {
    if (typeId !== TYPE_ID) throw fail('not-found', `no output sink "${typeId}" in this plugin`);
    if (targetId != null && targetId !== TARGET_ID) throw fail('not-found', `no output target "${targetId}": the recorder has one, "${TARGET_ID}"`);
    if (format.channels < 1 || format.channels > 32) throw fail('unsupported', `cannot record ${format.channels} channels (1 to 32)`);
    if (format.sampleRate < 1) throw fail('invalid-argument', 'the sample rate must be positive');
    return new Sink(format);
  },
  describeHotPath() {
    // File I/O cannot run on the realtime thread: the component path it is.
    return null;
  },
};
