/** A byte stream the host opened for a plugin (`host-stream.input-stream`), main-thread side. */
export interface HostStream {
  readonly info: { length: bigint | undefined; seekable: boolean; live: boolean };
  /** Up to `maxBytes`; empty at the end. Rejects with a {@link PluginErrorValue}. */
  read(maxBytes: number): Promise<Uint8Array>;
  seek(offset: bigint): Promise<void>;
  close(): Promise<void>;
}

export interface StreamLimits {
  /** Largest single read (the WIT contract says 1 MiB). */
  maxReadBytes: number;
  /** Bytes an http stream buffers ahead of the reader before pausing the socket. */
  readAheadBytes: number;
  /** How long an http read or (re)connect may wait for data. */
  timeoutMs: number;
  /** Streams one instance may hold open at once. */
  maxOpenStreams: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  maxReadBytes: 1024 * 1024,
  readAheadBytes: 1024 * 1024,
  timeoutMs: 15_000,
  maxOpenStreams: 64,
};
