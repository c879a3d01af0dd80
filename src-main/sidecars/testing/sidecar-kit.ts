/**
 * Test support for sidecar tests with real processes: registries over temp plugin roots,
 * a cleanup that kills every process group a test started (even when it fails), and a
 * polling wait on conditions a test cannot be told about (a process appearing or dying).
 */
import { SidecarRegistry, type Sidecar, type SidecarLaunchRequest, type SidecarLogEntry, type SidecarRegistryOptions } from '../sidecar-registry.ts';
import { liveGroupMembers, signalGroup } from '../process-table.ts';
import { TempPluginRoot } from './plugin-root.ts';

export const TEST_PLUGIN = 'org.test.sidecar';

export class SidecarKit {
  readonly temp = new TempPluginRoot();
  readonly logs: SidecarLogEntry[] = [];
  readonly registry: SidecarRegistry;
  /** Every pid started (each run of each sidecar leads its own group), killed at dispose. */
  private readonly groups = new Set<number>();

  /** Every sidecar the registry started, in order. */
  readonly started: Sidecar[] = [];

  constructor(options: Omit<SidecarRegistryOptions, 'dataDir'> = {}) {
    this.registry = SidecarRegistry.open({
      graceMs: 300,
      ...options,
      dataDir: this.temp.dataDir,
      onLog: (e) => this.logs.push(e),
      onEvent: (event) => {
        if (event.kind !== 'started') return;
        this.groups.add(event.sidecar.pid);
        if (!this.started.includes(event.sidecar)) this.started.push(event.sidecar);
      },
    });
  }

  /** Spawns `executable` (declared and granted) with `extra` launch settings. */
  spawn(executable: string, extra: Partial<SidecarLaunchRequest> = {}): Promise<Sidecar> {
    return this.registry.spawn(this.request(executable, extra));
  }

  request(executable: string, extra: Partial<SidecarLaunchRequest> = {}): SidecarLaunchRequest {
    return { pluginId: TEST_PLUGIN, pluginRoot: this.temp.root, executable, declared: [executable], granted: [executable], ...extra };
  }

  /** The pid of every run started so far (a restarted sidecar has several). */
  pids(): number[] {
    return [...this.groups];
  }

  logged(fragment: string): boolean {
    return this.logs.some((entry) => entry.message.includes(fragment));
  }

  async dispose(): Promise<void> {
    await this.registry.disposeAll();
    for (const pgid of this.groups) signalGroup(pgid, 'SIGKILL');
    this.temp.dispose();
  }
}

/** Polls `condition` every 20 ms (for facts only the process table knows); fails after 10 s. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Live members of a process group, from /proc. */
export function groupMembers(pgid: number): number[] {
  return liveGroupMembers(pgid) ?? [];
}

export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
