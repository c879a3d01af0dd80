/**
 * The play queue: entries in the user's order, the order they play in (shuffled or not),
 * where playback is, and what comes next under the repeat mode. Pure bookkeeping: the
 * player asks it which entry to open.
 */
import type { DecoderChoice } from './decoder-session.ts';
import { trackKey, type TrackRef } from './track.ts';

export type RepeatMode = 'off' | 'all' | 'one';

export interface QueueEntry {
  /** Unique within this queue (stable across reordering). */
  id: number;
  track: TrackRef;
  /** Set when the user forced a decoder for this track. */
  decoder?: DecoderChoice | undefined;
  key: string;
}

export class PlayQueue {
  private entries: QueueEntry[] = [];
  /** Indexes into `entries`, in playing order. */
  private order: number[] = [];
  /** Position in `order` of the current entry; -1 before the first. */
  private cursor = -1;
  private nextId = 1;
  repeat: RepeatMode = 'off';
  private shuffled = false;

  constructor(private readonly random: () => number = Math.random) {}

  /** Replaces the queue; the entry at `start` becomes current. */
  set(tracks: readonly (TrackRef | { track: TrackRef; decoder?: DecoderChoice })[], start = 0): QueueEntry[] {
    this.entries = tracks.map((item) => this.entry(item));
    this.order = this.entries.map((_, index) => index);
    this.cursor = this.entries.length === 0 ? -1 : Math.min(Math.max(0, start), this.entries.length - 1);
    if (this.shuffled) this.shuffleAfterCursor();
    return [...this.entries];
  }

  /** Appends tracks (in shuffle mode, at random places after the current one). */
  add(tracks: readonly (TrackRef | { track: TrackRef; decoder?: DecoderChoice })[]): QueueEntry[] {
    const added = tracks.map((item) => this.entry(item));
    for (const entry of added) {
      this.entries.push(entry);
      const index = this.entries.length - 1;
      const at = this.shuffled ? this.cursor + 1 + Math.floor(this.random() * (this.order.length - this.cursor)) : this.order.length;
      this.order.splice(at, 0, index);
    }
    return added;
  }

  /** Entries in the order they will play. */
  list(): QueueEntry[] {
    return this.order.map((index) => this.entries[index] as QueueEntry);
  }

  get current(): QueueEntry | undefined {
    return this.at(this.cursor);
  }

  /** The entry after the current one under the repeat mode, without moving. */
  peekNext(): QueueEntry | undefined {
    return this.at(this.nextCursor());
  }

  /** Moves to the next entry (after the current one ended or the user skipped). */
  advance(userSkip = false): QueueEntry | undefined {
    // "Repeat one" repeats a track that ended, but a skip still moves on.
    const next = userSkip && this.repeat === 'one' ? this.wrap(this.cursor + 1) : this.nextCursor();
    if (next === -1) return undefined;
    this.cursor = next;
    return this.current;
  }

  /** Moves to the previous entry (wrapping only with repeat all). */
  back(): QueueEntry | undefined {
    if (this.cursor > 0) this.cursor -= 1;
    else if (this.repeat === 'all' && this.order.length > 0) this.cursor = this.order.length - 1;
    return this.current;
  }

  /** Makes the entry with `id` current. */
  jump(id: number): QueueEntry | undefined {
    const position = this.order.findIndex((index) => this.entries[index]?.id === id);
    if (position !== -1) this.cursor = position;
    return position === -1 ? undefined : this.current;
  }

  setShuffle(on: boolean): void {
    if (on === this.shuffled) return;
    this.shuffled = on;
    const current = this.order[this.cursor];
    if (on) this.shuffleAfterCursor();
    else {
      this.order = this.entries.map((_, index) => index);
      this.cursor = current ?? -1;
    }
  }

  get shuffle(): boolean {
    return this.shuffled;
  }

  private nextCursor(): number {
    if (this.order.length === 0) return -1;
    if (this.repeat === 'one' && this.cursor >= 0) return this.cursor;
    return this.wrap(this.cursor + 1);
  }

  private wrap(position: number): number {
    if (position < this.order.length) return position;
    return this.repeat === 'off' ? -1 : 0;
  }

  private at(position: number): QueueEntry | undefined {
    const index = this.order[position];
    return index === undefined ? undefined : this.entries[index];
  }

  /** Fisher–Yates over the entries after the current one; the current stays where it is. */
  private shuffleAfterCursor(): void {
    const current = this.order[this.cursor];
    const rest = this.order.filter((index) => index !== current);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [rest[i], rest[j]] = [rest[j] as number, rest[i] as number];
    }
    this.order = current === undefined ? rest : [current, ...rest];
    this.cursor = current === undefined ? -1 : 0;
  }

  private entry(item: TrackRef | { track: TrackRef; decoder?: DecoderChoice }): QueueEntry {
    const track = 'track' in item ? item.track : item;
    const decoder = 'track' in item ? item.decoder : undefined;
    return { id: this.nextId++, track, decoder, key: trackKey(track) };
  }
}
