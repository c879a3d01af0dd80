/**
 * A private PulseAudio daemon for real-device tests: a null sink `fugue_test` that plays in
 * real time, a second null sink whose monitor is the default source (PortAudio's device
 * probe opens the default source, and must not disturb the recording of `fugue_test`), and
 * `parecord` on `fugue_test.monitor`. Everything lives in a temp dir and dies with dispose.
 *
 * Clients (the process that loads naudiodon, through ALSA's pulse plugin) need {@link env}.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Disposable } from '../../../src-shared/disposable.ts';

export const TEST_SINK = 'fugue_test';
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 2_000;
const ALSA_PULSE_PLUGIN_DIRS = ['/usr/lib/x86_64-linux-gnu/alsa-lib', '/usr/lib/aarch64-linux-gnu/alsa-lib', '/usr/lib64/alsa-lib', '/usr/lib/alsa-lib'];

/** Why real-device tests cannot run here, or undefined when they can. */
export function pulseUnavailableReason(): string | undefined {
  for (const tool of ['pulseaudio', 'pactl', 'parecord']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (apt-get install pulseaudio pulseaudio-utils)`;
  }
  if (!ALSA_PULSE_PLUGIN_DIRS.some((dir) => existsSync(join(dir, 'libasound_module_pcm_pulse.so')))) {
    return "ALSA's pulse plugin is not installed (apt-get install libasound2-plugins)";
  }
  return undefined;
}

const CONFIG = `
load-module module-native-protocol-unix auth-anonymous=1
load-module module-null-sink sink_name=${TEST_SINK} format=float32le rate=48000 channels=2
load-module module-null-sink sink_name=fugue_decoy
set-default-sink ${TEST_SINK}
set-default-source fugue_decoy.monitor
`;

export class PulseServer implements Disposable {
  private daemon: ChildProcess | undefined;
  private readonly recordings = new Set<Recording>();
  /** Every process this harness started, for leak checks. */
  readonly startedPids: number[] = [];

  private constructor(
    private readonly dir: string,
    /** Environment for PulseAudio clients (pactl, parecord, the process loading naudiodon). */
    readonly env: Record<string, string>,
  ) {}

  static async start(): Promise<PulseServer> {
    const dir = await mkdtemp(join(tmpdir(), 'fugue-pulse-'));
    const runtime = join(dir, 'runtime');
    const env = {
      HOME: join(dir, 'home'),
      XDG_RUNTIME_DIR: runtime,
      PULSE_RUNTIME_PATH: join(runtime, 'pulse'),
      PULSE_SERVER: `unix:${join(runtime, 'pulse', 'native')}`,
    };
    await writeFile(join(dir, 'daemon.pa'), CONFIG);
    const server = new PulseServer(dir, env);
    try {
      await server.startDaemon();
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  /** SIGKILLs the daemon, as when a sound server crashes or a device is unplugged. */
  async kill(): Promise<void> {
    const daemon = this.daemon;
    this.daemon = undefined;
    if (daemon) await stopProcess(daemon, 'SIGKILL');
  }

  /** Starts the daemon again (after {@link kill}), on the same socket. */
  async restart(): Promise<void> {
    await this.kill();
    await this.startDaemon();
  }

  /** Starts `parecord` on the test sink's monitor; resolves once it is connected. */
  async record(): Promise<Recording> {
    const recorder = spawn('parecord', [`--device=${TEST_SINK}.monitor`, '--format=float32le', '--rate=48000', '--channels=2', '--raw', '--latency-msec=10'], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (recorder.pid) this.startedPids.push(recorder.pid);
    const recording = new Recording(recorder, () => this.recordings.delete(recording));
    this.recordings.add(recording);
    await this.waitFor(() => this.pactl(['list', 'short', 'source-outputs']).includes('\t'), 'parecord to connect');
    return recording;
  }

  async dispose(): Promise<void> {
    for (const recording of [...this.recordings]) await recording.stop();
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async startDaemon(): Promise<void> {
    // Its own process group (detached), so nothing it forks outlives dispose.
    const daemon = spawn('pulseaudio', ['--daemonize=no', '--system=false', '--exit-idle-time=-1', '-n', '-F', join(this.dir, 'daemon.pa'), '--log-target=stderr'], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    if (daemon.pid) this.startedPids.push(daemon.pid);
    this.daemon = daemon;
    let log = '';
    daemon.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    await this.waitFor(() => {
      if (daemon.exitCode !== null) throw new Error(`pulseaudio exited with ${daemon.exitCode}: ${log}`);
      return this.pactl(['info']).includes(TEST_SINK);
    }, 'pulseaudio to answer');
  }

  private pactl(args: string[]): string {
    const result = spawnSync('pactl', args, { env: { ...process.env, ...this.env }, encoding: 'utf8', timeout: 5_000 });
    return result.status === 0 ? result.stdout : '';
  }

  private async waitFor(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${READY_TIMEOUT_MS} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** A running `parecord`: interleaved stereo f32 at 48 kHz, each chunk stamped on arrival. */
export class Recording {
  private readonly chunks: Buffer[] = [];
  /** Wall-clock ms (`performance.timeOrigin + now()`) at which each chunk arrived, and its frames. */
  private readonly arrivals: { at: number; frame: number; frames: number }[] = [];
  private bytes = 0;

  constructor(
    private readonly recorder: ChildProcess,
    private readonly onStop: () => void,
  ) {
    recorder.stdout?.on('data', (chunk: Buffer) => {
      const frame = Math.floor(this.bytes / 8);
      this.arrivals.push({ at: performance.timeOrigin + performance.now(), frame, frames: Math.floor((this.bytes + chunk.length) / 8) - frame });
      this.chunks.push(chunk);
      this.bytes += chunk.length;
    });
  }

  /** Frames captured so far. */
  get frames(): number {
    return Math.floor(this.bytes / 8);
  }

  /**
   * Wall-clock ms at which `frame` reached the recorder, estimated from the arrival of the
   * chunk holding it: that chunk's last frame had just been captured, and earlier ones by
   * one frame period each.
   */
  arrivalOf(frame: number): number {
    const chunk = this.arrivals.find((arrival) => frame < arrival.frame + arrival.frames);
    if (!chunk) return NaN;
    return chunk.at - ((chunk.frame + chunk.frames - 1 - frame) * 1000) / 48_000;
  }

  /** Everything captured so far, interleaved stereo. */
  samples(): Float32Array {
    const all = Buffer.concat(this.chunks);
    const usable = all.length - (all.length % 8);
    return new Float32Array(all.buffer.slice(all.byteOffset, all.byteOffset + usable));
  }

  async stop(): Promise<void> {
    this.onStop();
    await stopProcess(this.recorder, 'SIGTERM');
  }
}

/** Signals a process (its group when it leads one) and waits for it; SIGKILL after a grace period. */
async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  const send = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      child.kill(sig);
    }
  };
  send(signal);
  const timer = setTimeout(() => send('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Which of `pids` still exist (zombies included), for leak assertions. */
export function livePids(pids: readonly number[]): number[] {
  return pids.filter((pid) => existsSync(`/proc/${pid}`));
}
