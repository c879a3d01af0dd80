/**
 * Opening a track with a decoder plugin: candidates in the order of their manifests'
 * extension scores (then, for local files, what the remaining decoders' `probe` says about
 * the first 64 KiB), each tried in turn until one opens it; or only the decoder the user
 * forced for the track. The session runs in its decoder's scheduler worker; its `read`s
 * are written by that worker straight into a PCM ring.
 */
import { open as openFile } from 'node:fs/promises';
import { FugueError, toFugueErrorData, type FugueErrorData } from '../../src-shared/errors.ts';
import type { PluginHost, PluginLease, RunningAbility } from '../plugins/plugin-host.ts';
import type { ResourceRef } from '../runtime/protocol.ts';
import type { PcmRing } from './pcm-ring.ts';
import type { TrackLocation } from './track.ts';

/** What a decoder reports about its stream (WIT `stream-info`, as jco represents it). */
export interface StreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample?: number | undefined;
  totalFrames?: bigint | undefined;
  encoderDelay: number;
  encoderPadding: number;
  features: { seekable: boolean; gapless: boolean; lossless: boolean };
  codec: string;
}

/** Tags and pictures of a stream (WIT `track-metadata`). */
export interface TrackMetadata {
  title?: string | undefined;
  artist?: string | undefined;
  album?: string | undefined;
  durationMs?: bigint | undefined;
  tags: { key: string; value: string }[];
  pictures: { mimeType: string; kind: unknown; description?: string; data: Uint8Array }[];
  [field: string]: unknown;
}

/** A decoder the user chose for a track, skipping the automatic choice. */
export interface DecoderChoice {
  pluginId: string;
  typeId: string;
}

const HEAD_BYTES = 64 * 1024;

/** An open decoding session over one track. */
export class DecoderSession {
  private closed = false;

  constructor(
    readonly decoder: { pluginId: string; version: string; typeId: string },
    readonly info: StreamInfo,
    readonly metadata: TrackMetadata,
    private readonly lease: PluginLease,
    private readonly session: ResourceRef,
  ) {}

  /** Decodes up to `maxFrames` frames into `ring` (in the decoder's worker); 0 means end of stream. */
  async readInto(ring: PcmRing, maxFrames: number): Promise<number> {
    return (await this.lease.instance.callMethod(this.session, 'read', [maxFrames], { into: ring.shared })) as number;
  }

  /** Seeks to `frame` (after the encoder delay); resolves with the frame decoding resumes at. */
  async seek(frame: number): Promise<number> {
    return Number((await this.lease.instance.callMethod(this.session, 'seek', [BigInt(Math.max(0, Math.floor(frame)))])) as bigint);
  }

  /** Drops the session in its plugin and releases the plugin version it was opened on. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.lease.instance.drop(this.session);
    } catch {
      // The instance is gone (restarted or unloaded): so is the session.
    } finally {
      this.lease.release();
    }
  }
}

/**
 * Opens `track` with the forced decoder, or with the first candidate that accepts it.
 * Fails with `unsupported` naming every decoder tried and why.
 */
export async function openDecoderSession(host: PluginHost, track: TrackLocation, forced?: DecoderChoice): Promise<DecoderSession> {
  const candidates = forced === undefined ? await candidatesFor(host, track) : forcedCandidate(host, forced);
  if (candidates.length === 0) {
    const what = track.extension === undefined ? track.label : `".${track.extension}" files`;
    throw new FugueError({ code: 'unsupported', message: `no enabled decoder plugin handles ${what}; install or enable a decoder for it ("fugue plugin list" shows what is installed)` });
  }
  const failures: string[] = [];
  let lastError: FugueErrorData | undefined;
  for (const candidate of candidates) {
    try {
      return await tryOpen(host, track, candidate);
    } catch (error) {
      lastError = toFugueErrorData(error);
      failures.push(`${candidate.pluginId}/${candidate.ability.type_id}: ${lastError.message}`);
    }
  }
  throw new FugueError({
    code: candidates.length === 1 && lastError?.code === 'plugin-error' && lastError.pluginCode === 'corrupt-data' ? 'corrupt-data' : 'unsupported',
    message: `cannot play ${track.label}: ${failures.join('; ')}`,
  });
}

async function tryOpen(host: PluginHost, track: TrackLocation, candidate: RunningAbility): Promise<DecoderSession> {
  const lease = host.acquire(candidate.pluginId, candidate.componentId, 'decoder');
  const calls = { fileRoots: track.roots, networkHosts: track.hosts ?? [] };
  let session: ResourceRef | undefined;
  try {
    const hint = hintFor(track, candidate);
    session = (await lease.instance.call('decoder', 'open', [{ $hostStream: track.uri }, hint], calls)) as ResourceRef;
    const info = (await lease.instance.callMethod(session, 'info', [], calls)) as StreamInfo;
    checkInfo(info, candidate);
    const metadata = (await lease.instance.callMethod(session, 'metadata', [], calls)) as TrackMetadata;
    return new DecoderSession({ pluginId: candidate.pluginId, version: lease.version, typeId: candidate.ability.type_id }, info, metadata, lease, session);
  } catch (error) {
    if (session !== undefined) await lease.instance.drop(session).catch(() => undefined);
    lease.release();
    throw error;
  }
}

function checkInfo(info: StreamInfo, candidate: RunningAbility): void {
  if (!(info.sampleRate >= 1 && info.sampleRate <= 1_536_000) || !(info.channels >= 1 && info.channels <= 32)) {
    throw new FugueError({ code: 'corrupt-data', message: `${candidate.pluginId} reported ${info.channels} channels at ${info.sampleRate} Hz, which Fugue cannot play` });
  }
}

function hintFor(track: TrackLocation, candidate: RunningAbility) {
  return {
    ...(track.extension === undefined ? {} : { extension: track.extension }),
    ...(track.mimeType === undefined ? {} : { mimeType: track.mimeType }),
    typeId: candidate.ability.type_id,
  };
}

function forcedCandidate(host: PluginHost, forced: DecoderChoice): RunningAbility[] {
  const found = host.abilities('decoder').find((entry) => entry.pluginId === forced.pluginId && entry.ability.type_id === forced.typeId);
  if (found === undefined) {
    throw new FugueError({ code: 'not-found', message: `the decoder ${forced.pluginId}/${forced.typeId} chosen for this track is not running; enable ${forced.pluginId} or choose another decoder` });
  }
  return [found];
}

/** Decoders by extension score, then (for local files) the rest by what their `probe` says. */
async function candidatesFor(host: PluginHost, track: TrackLocation): Promise<RunningAbility[]> {
  const decoders = host.abilities('decoder');
  const scoreOf = (entry: RunningAbility): number => (track.extension === undefined ? 0 : (entry.ability.extension_scores?.[track.extension] ?? 0));
  const scored = decoders.filter((entry) => scoreOf(entry) > 0).sort((a, b) => scoreOf(b) - scoreOf(a));
  const rest = decoders.filter((entry) => scoreOf(entry) === 0);
  if (rest.length === 0 || track.path === undefined) return scored;
  const head = await readHead(track.path);
  const probed = await Promise.all(rest.map(async (entry) => ({ entry, score: await probeScore(host, track, entry, head) })));
  return [...scored, ...probed.filter((result) => result.score > 0).sort((a, b) => b.score - a.score).map((result) => result.entry)];
}

async function probeScore(host: PluginHost, track: TrackLocation, entry: RunningAbility, head: Uint8Array): Promise<number> {
  try {
    return Number(await host.call(entry.pluginId, 'decoder', 'probe', [head, hintFor(track, entry)], { component: entry.componentId }));
  } catch {
    return 0; // a decoder that cannot even probe is not a candidate
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  const file = await openFile(path, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
