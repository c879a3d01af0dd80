/**
 * One `fugue serve` child process for one test: started on a free port with a fresh data
 * folder and the null sink, ready once it prints its address (it prints only after it
 * listens), stopped with SIGTERM and checked to have exited cleanly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { RENDERER_DIR, REPO_ROOT } from './environment.ts';

export interface ServeOptions {
  /** Start the first-party plugins as built-ins (the real app does); default true. */
  builtins?: boolean;
}

/** What a test gets: where the shell is and the token of this run. */
export interface ServedShell {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** The address as printed, token in the fragment: what a user opens. */
  readonly url: string;
  readonly dataDir: string;
  /** Everything the process wrote to stderr so far (diagnostics for a failed test). */
  stderr(): string;
}

// A grace period before SIGKILL so a hung shutdown cannot hang the suite; stop() reports it.
const spawnServe = (args: readonly string[]) => execa(process.execPath, args, { cwd: REPO_ROOT, buffer: false, reject: false, forceKillAfterDelay: 10_000 });
type ServeChild = ReturnType<typeof spawnServe>;

const SERVING = /Fugue is serving on (http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+))/;

export class ServeProcess implements ServedShell {
  private constructor(
    private readonly errLines: readonly string[],
    private readonly child: ServeChild,
    readonly dataDir: string,
    readonly url: string,
    readonly port: number,
    readonly token: string,
  ) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  stderr(): string {
    return this.errLines.join('\n');
  }

  static async start(options: ServeOptions = {}): Promise<ServeProcess> {
    const dataDir = await mkdtemp(join(tmpdir(), 'fugue-e2e-'));
    const args = ['bin/fugue.mjs', 'serve', '--port', '0', '--data-dir', dataDir, '--sink', 'null', '--renderer', RENDERER_DIR, ...(options.builtins === false ? ['--no-builtins'] : [])];
    const child = spawnServe(args);
    const errLines: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => errLines.push(line));
    const match = await firstMatch(child, SERVING, errLines).catch(async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
    const [, url = '', port = '', token = ''] = match;
    const served = new ServeProcess(errLines, child, dataDir, url, Number(port), token);
    try {
      await served.checkAnswers();
    } catch (error) {
      await served.stop().catch(() => undefined);
      throw error;
    }
    return served;
  }

  /** SIGTERM, then wait for the exit; throws unless the process ended by itself with code 0. */
  async stop(): Promise<void> {
    try {
      this.child.kill('SIGTERM');
      const result = await this.child;
      if (result.exitCode !== 0 || result.isForcefullyTerminated) {
        const how = result.isForcefullyTerminated ? 'did not exit after SIGTERM and was killed' : `exited with ${String(result.exitCode ?? result.signal)}`;
        throw new Error(`fugue serve ${how}; its stderr:\n${this.stderr()}`);
      }
    } finally {
      await rm(this.dataDir, { recursive: true, force: true });
    }
  }

  /** The page answers once the address is printed; anything else is a failed start. */
  private async checkAnswers(): Promise<void> {
    const response = await fetch(`${this.origin}/`);
    if (response.status !== 200) throw new Error(`fugue serve printed ${this.origin} but it answers HTTP ${response.status}`);
    await response.body?.cancel();
  }
}

/**
 * Resolves with the first stdout line matching `pattern`; rejects if the process exits
 * first. Keeps reading stdout afterwards so the child never blocks on a full pipe.
 */
function firstMatch(child: ServeChild, pattern: RegExp, errLines: readonly string[]): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = pattern.exec(line);
      if (match !== null) resolve(match);
    });
    void child.then((result) =>
      reject(new Error(`fugue serve exited (${String(result.exitCode ?? result.signal)}) before printing its address; its stderr:\n${errLines.join('\n')}`)),
    );
  });
}
