/**
 * The WASI a guest gets: always an explicit sandbox (preview2-shim's defaults grant the
 * host filesystem, environment and network). Only the plugin's data directory is
 * visible (as `/data`), the environment is empty, sockets and outgoing HTTP are denied,
 * and `exit` raises {@link GuestExit} in the calling thread instead of ending the process.
 * Runs inside a component worker.
 */
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';

/** Thrown into the guest's call when it asks WASI to exit; the host turns it into a FugueError. */
export class GuestExit extends Error {
  constructor(readonly status: number) {
    super(`the plugin called exit(${status})`);
    this.name = 'GuestExit';
  }
}

export interface SandboxOptions {
  /** Host folder shown to the guest as `/data`; the only preopen. */
  dataDir: string;
  /** argv[0] the guest sees. */
  programName: string;
}

const GUEST_DATA_PATH = '/data';

/** Builds the WASI part of a component's import object, keyed as jco's bindings look it up. */
export function createSandboxedWasi(options: SandboxOptions): Record<string, unknown> {
  const shim = new WASIShim({
    sandbox: {
      preopens: { [GUEST_DATA_PATH]: options.dataDir },
      env: {},
      args: [options.programName],
      enableNetwork: false,
    },
  });
  const imports: Record<string, unknown> = { ...shim.getImportObject() };
  imports['wasi:cli/exit'] = {
    exit(status: { tag: 'ok' | 'err' }): never {
      throw new GuestExit(status.tag === 'err' ? 1 : 0);
    },
    exitWithCode(code: number): never {
      throw new GuestExit(code);
    },
  };
  return imports;
}
