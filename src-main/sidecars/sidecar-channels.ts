/**
 * Control and data channels for a sidecar, negotiated by priority: a unix domain socket in
 * a private temp folder (mode 0700; a named pipe on Windows), else a loopback TCP port on
 * 127.0.0.1, else stdio (data over stdin/stdout, no control channel). The host listens;
 * the sidecar finds the endpoints in its environment:
 *
 *   FUGUE_TRANSPORT      unix | pipe | tcp | stdio
 *   FUGUE_CONTROL        unix:<path> | pipe:<path> | tcp:127.0.0.1:<port> | none
 *   FUGUE_DATA           unix:<path> | pipe:<path> | tcp:127.0.0.1:<port> | stdio
 *   FUGUE_CHANNEL_TOKEN  the first line the sidecar sends on each connection
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ChannelEndpoint } from './channel-endpoint.ts';

/** `unix` stands for "the platform's local socket": a named pipe on Windows. */
export type TransportKind = 'unix' | 'tcp' | 'stdio';
/** What the sidecar is told (`pipe` is how `unix` is spelled on Windows). */
export type NegotiatedTransport = 'unix' | 'pipe' | 'tcp' | 'stdio';

/** The default order of preference; `stdio` always works and ends every list. */
export const TRANSPORT_PRIORITY: readonly TransportKind[] = ['unix', 'tcp', 'stdio'];

export interface SidecarChannels {
  readonly transport: NegotiatedTransport;
  /** Environment entries for the sidecar. */
  readonly env: Readonly<Record<string, string>>;
  /** Undefined for stdio: the data channel is then the process's stdin and stdout. */
  readonly data: ChannelEndpoint | undefined;
  readonly control: ChannelEndpoint | undefined;
  dispose(): Promise<void>;
}

/** Opens both endpoints on the first transport in `preference` that works. */
export async function openChannels(preference: readonly TransportKind[], limitBytes: number): Promise<SidecarChannels> {
  const token = randomBytes(16).toString('hex');
  for (const kind of preference) {
    if (kind === 'stdio') break;
    const opened = await tryOpen(kind, token, limitBytes);
    if (opened) return opened;
  }
  return stdioChannels();
}

export function stdioChannels(): SidecarChannels {
  return {
    transport: 'stdio',
    env: { FUGUE_TRANSPORT: 'stdio', FUGUE_CONTROL: 'none', FUGUE_DATA: 'stdio' },
    data: undefined,
    control: undefined,
    dispose: () => Promise.resolve(),
  };
}

async function tryOpen(kind: 'unix' | 'tcp', token: string, limitBytes: number): Promise<SidecarChannels | undefined> {
  const local = kind === 'unix' ? localSocketPaths() : undefined;
  const transport: NegotiatedTransport = kind === 'tcp' ? 'tcp' : process.platform === 'win32' ? 'pipe' : 'unix';
  const opened: ChannelEndpoint[] = [];
  try {
    opened.push(await ChannelEndpoint.listen(transport, local?.control, token, limitBytes));
    opened.push(await ChannelEndpoint.listen(transport, local?.data, token, limitBytes));
  } catch {
    await Promise.all(opened.map((endpoint) => endpoint.close()));
    local?.remove();
    return undefined;
  }
  const [control, data] = opened as [ChannelEndpoint, ChannelEndpoint];
  return {
    transport,
    env: { FUGUE_TRANSPORT: transport, FUGUE_CONTROL: control.address, FUGUE_DATA: data.address, FUGUE_CHANNEL_TOKEN: token },
    data,
    control,
    dispose: async () => {
      await Promise.all([control.close(), data.close()]);
      local?.remove();
    },
  };
}

interface LocalPaths {
  control: string;
  data: string;
  remove(): void;
}

/** Socket files in a fresh folder only the user can enter (mkdtemp creates it 0700); pipe names on Windows. */
function localSocketPaths(): LocalPaths {
  if (process.platform === 'win32') {
    const name = `fugue-${process.pid}-${randomBytes(8).toString('hex')}`;
    return { control: `\\\\.\\pipe\\${name}-control`, data: `\\\\.\\pipe\\${name}-data`, remove: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'fugue-sc-'));
  return { control: join(dir, 'control'), data: join(dir, 'data'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
