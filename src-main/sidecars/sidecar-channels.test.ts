import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { SidecarKit, text, until } from './testing/sidecar-kit.ts';
import { ECHO_SIDECAR } from './testing/echo-sidecar.ts';
import type { Sidecar, SidecarRegistryOptions } from './sidecar-registry.ts';

let kits: SidecarKit[] = [];
const savedTmpdir = process.env.TMPDIR;
afterEach(async () => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  await Promise.all(kits.map((kit) => kit.dispose()));
  kits = [];
});

function kit(options: Omit<SidecarRegistryOptions, 'dataDir'> = {}): SidecarKit {
  const created = new SidecarKit(options);
  kits.push(created);
  return created;
}

async function echoSidecar(k: SidecarKit): Promise<Sidecar> {
  return k.spawn(k.temp.script('bin/echo.cjs', ECHO_SIDECAR), { channels: true });
}

/** Reads the data channel until `expected` has arrived (or the data ends). */
async function readData(sidecar: Sidecar, expected: string): Promise<string> {
  let received = '';
  while (!received.includes(expected) && !sidecar.dataEnded()) {
    if (sidecar.dataBuffered() === 0) await sidecar.activity();
    received += text(sidecar.readData(65536));
  }
  return received;
}

const envReport = (sidecar: Sidecar): Promise<string> =>
  until(() => sidecar.stderr.peekText().includes('\n'), 'the environment report').then(() => sidecar.stderr.peekText());

describe('sidecar control and data channels', () => {
  it('negotiates a unix socket in a private folder, echoes over it, and stops through the control channel', async () => {
    const k = kit();
    const sidecar = await echoSidecar(k);
    expect(sidecar.transport).toBe('unix');
    sidecar.writeData(new TextEncoder().encode('ping over unix\n'));
    expect(await readData(sidecar, 'ping over unix\n')).toBe('ping over unix\n');
    const report = await envReport(sidecar);
    expect(report).toContain(`transport=unix data=unix:`);
    expect(report).toContain(`owner=${process.pid}`);
    const socketPath = /data=unix:(\S+)/.exec(report)?.[1] ?? '';
    expect(statSync(dirname(socketPath)).mode & 0o777).toBe(0o700);
    expect(await k.registry.stop(sidecar.id)).toEqual({ exitCode: 0, signal: undefined });
    expect(sidecar.stderr.peekText()).toContain('got stop');
    expect(existsSync(dirname(socketPath))).toBe(false);
  });

  it('falls back to loopback TCP when no unix socket can be made', async () => {
    // A temp folder whose socket paths would pass the 107-byte limit of sun_path.
    const k = kit();
    const deep = join(k.temp.base, 'x'.repeat(120));
    mkdirSync(deep);
    process.env.TMPDIR = deep;
    const sidecar = await echoSidecar(k);
    expect(sidecar.transport).toBe('tcp');
    expect(await envReport(sidecar)).toMatch(/transport=tcp data=tcp:127\.0\.0\.1:\d+ control=tcp:127\.0\.0\.1:\d+/);
    sidecar.writeData(new TextEncoder().encode('ping over tcp\n'));
    expect(await readData(sidecar, 'ping over tcp\n')).toBe('ping over tcp\n');
  });

  it('uses loopback TCP when unix sockets are turned off, and drops connections without the token', async () => {
    const k = kit({ transports: ['tcp', 'stdio'] });
    const sidecar = await echoSidecar(k);
    expect(sidecar.transport).toBe('tcp');
    const port = Number(/data=tcp:127\.0\.0\.1:(\d+)/.exec(await envReport(sidecar))?.[1]);
    const stranger = connect(port, '127.0.0.1');
    stranger.on('error', () => undefined);
    const closed = new Promise((resolve) => stranger.on('close', resolve));
    stranger.write('not-the-token\ninjected\n');
    await closed;
    // One that connects and says nothing must not hold the sidecar's stop.
    const silent = connect(port, '127.0.0.1');
    silent.on('error', () => undefined);
    await new Promise((resolve) => silent.on('connect', resolve));
    const silentClosed = new Promise((resolve) => silent.on('close', resolve));
    sidecar.writeData(new TextEncoder().encode('ping\n'));
    expect(await readData(sidecar, 'ping\n')).toBe('ping\n');
    expect(await k.registry.stop(sidecar.id)).toEqual({ exitCode: 0, signal: undefined });
    await silentClosed;
  });

  it('falls back to stdio as the last resort: the data channel is stdin and stdout', async () => {
    const k = kit({ transports: ['stdio'] });
    const sidecar = await echoSidecar(k);
    expect(sidecar.transport).toBe('stdio');
    expect(await envReport(sidecar)).toContain('transport=stdio data=stdio control=none');
    sidecar.writeData(new TextEncoder().encode('ping over stdio\n'));
    expect(await readData(sidecar, 'ping over stdio\n')).toBe('ping over stdio\n');
    sidecar.closeData();
    expect(await sidecar.exited).toEqual({ exitCode: 0, signal: undefined });
  });

  it('pushes back on a sidecar flooding its data socket: host memory stays bounded and no byte is lost', async () => {
    const k = kit({ outputLimitBytes: 64 * 1024 });
    const exe = k.temp.script(
      'flood.cjs',
      "#!/usr/bin/env node\nconst net = require('node:net');\nconst s = net.connect(process.env.FUGUE_DATA.slice(5));\ns.write(process.env.FUGUE_CHANNEL_TOKEN + '\\n');\n" +
        "let left = 128;\nconst block = Buffer.alloc(65536, 7);\nconst pump = () => { while (left > 0) { left--; if (!s.write(block)) return s.once('drain', pump); } s.end(); };\npump();\n",
    );
    const sidecar = await k.spawn(exe, { channels: true });
    let received = 0;
    let peak = 0;
    while (!sidecar.dataEnded() || sidecar.dataBuffered() > 0) {
      if (sidecar.dataBuffered() === 0) await sidecar.activity();
      peak = Math.max(peak, sidecar.dataBuffered());
      received += sidecar.readData(16 * 1024).length;
      await new Promise((r) => setImmediate(r));
    }
    expect(received).toBe(128 * 65536);
    expect(peak).toBeLessThanOrEqual(3 * 64 * 1024);
  });

  it('queues data written before the sidecar connects, and ends the data when the sidecar exits', async () => {
    const k = kit();
    const exe = k.temp.script(
      'late.cjs',
      "#!/usr/bin/env node\nconst net = require('node:net');\nsetTimeout(() => {\n  const s = net.connect(process.env.FUGUE_DATA.slice(5));\n  s.write(process.env.FUGUE_CHANNEL_TOKEN + '\\n');\n  s.once('data', (d) => s.end('got ' + d));\n}, 200);\n",
    );
    const sidecar = await k.spawn(exe, { channels: true });
    sidecar.writeData(new TextEncoder().encode('early'));
    expect(sidecar.dataBacklog()).toBe(5);
    expect(await readData(sidecar, 'never')).toBe('got early');
    await sidecar.exited;
    expect(sidecar.dataEnded()).toBe(true);
  });
});
