/**
 * Track identity and where a track's bytes are read from. A track is a local file or an
 * item of a source plugin; the source resolves the item to a file or URL when it is about
 * to play. A source may only point at files inside the folders granted to it.
 */
import { basename, dirname, extname, isAbsolute, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FugueError } from '../../src-shared/errors.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import type { TrackMetadata } from './decoder-session.ts';

/** A playable track: a local file, or an item of a source plugin. */
export type TrackRef = { kind: 'file'; path: string } | { kind: 'source'; pluginId: string; itemId: string; title?: string };

/** A stable key for a track (queue entries, history, the UI). */
export function trackKey(track: TrackRef): string {
  return track.kind === 'file' ? `file:${resolve(track.path)}` : `source:${track.pluginId}:${track.itemId}`;
}

/** Where a decoder reads a track from, and what the host grants it for that. */
export interface TrackLocation {
  /** `file://` or `http(s)://` URI handed to the decoder as a host stream. */
  uri: string;
  /** Folders the decoder may read during its calls (the file's folder). */
  roots: string[];
  /** Network hosts the decoder may stream from during its calls (the URL's host). */
  hosts?: string[] | undefined;
  /** The local path, when the track is a file. */
  path?: string | undefined;
  /** Lower-case extension without the dot, used to rank decoders. */
  extension?: string | undefined;
  mimeType?: string | undefined;
  /** How the track is named in messages. */
  label: string;
}

/** A track located and ready to open, with what its source knew about it. */
export interface LocatedTrack {
  location: TrackLocation;
  metadata?: TrackMetadata | undefined;
}

/** The folders a source plugin was granted (its library folders); files outside are refused. */
export type SourceRoots = (pluginId: string) => readonly string[];

export async function locateTrack(host: PluginHost, track: TrackRef, sourceRoots: SourceRoots): Promise<LocatedTrack> {
  if (track.kind === 'file') return { location: fileLocation(resolve(track.path)) };
  const resolved = (await host.call(track.pluginId, 'source', 'resolve', [track.itemId])) as {
    location: { tag: 'file' | 'url'; val: string };
    metadata: TrackMetadata;
    extensionHint?: string;
  };
  const hint = resolved.extensionHint?.toLowerCase();
  if (resolved.location.tag === 'url') {
    const url = resolved.location.val;
    const parsed = new URL(url);
    // The user chose to play it: the decoder may stream from its host, for this track only.
    return { location: { uri: url, roots: [], hosts: [parsed.hostname], extension: hint ?? extensionOf(parsed.pathname), label: url }, metadata: resolved.metadata };
  }
  const path = resolved.location.val;
  const allowed = sourceRoots(track.pluginId).map((root) => resolve(root));
  if (!isAbsolute(path) || !allowed.some((root) => resolve(path) === root || resolve(path).startsWith(root + sep))) {
    throw new FugueError({ code: 'denied', message: `${track.pluginId} pointed at ${path}, outside the folders you gave it; add the folder in its settings`, plugin: { pluginId: track.pluginId } });
  }
  const location = fileLocation(resolve(path));
  return { location: hint === undefined ? location : { ...location, extension: hint }, metadata: resolved.metadata };
}

function fileLocation(path: string): TrackLocation {
  return { uri: pathToFileURL(path).href, roots: [dirname(path)], path, extension: extensionOf(path), label: basename(path) };
}

function extensionOf(path: string): string | undefined {
  const extension = extname(path).slice(1).toLowerCase();
  return extension === '' ? undefined : extension;
}
