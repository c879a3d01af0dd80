import { afterEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { symlinkSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SidecarRegistry, type Sidecar, type SidecarLogEntry } from './sidecar-registry.ts';
import { isProcessAlive, signalGroup } from './process-table.ts';
import { TempPluginRoot } from './testing/plugin-root.ts';
import { SIDECAR_RECORD_FILE } from './orphan-record.ts';

const PLUGIN = 'org.test.sidecar';
let roots: TempPluginRoot[] = [];
let registries: SidecarRegistry[] = [];
/** Groups of every sidecar started, so a failing test still leaves no process behind. */
let groups: number[] = [];

afterEach(async () => {
  await Promise.all(registries.map((r) => r.disposeAll()));
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  groups = [];
  for (const root of roots) root.dispose();
  roots = [];
  registries = [];
});

function setup(graceMs = 300, outputLimitBytes?: number) {
  const temp = new TempPluginRoot();
  roots.push(temp);
  const logs: SidecarLogEntry[] = [];
  const registry = SidecarRegistry.open({ dataDir: temp.dataDir, graceMs, outputLimitBytes, onLog: (e) => logs.push(e) });
  registries.push(registry);
  const spawn = async (executable: string, extra: { declared?: string[]; granted?: string[] } = {}) => {
    const sidecar = await registry.spawn({
      pluginId: PLUGIN,
      pluginRoot: temp.root,
      executable,
      declared: extra.declared ?? [executable],
      granted: extra.granted ?? [executable],
    });
    groups.push(sidecar.pid);
    return sidecar;
  };
  return { temp, registry, logs, spawn };
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Half the 64 KiB limit, plus the one pipe read (at most 64 KiB) that crosses it before the pause. */
const FLOW_BOUND = 32 * 1024 + 64 * 1024;

/** A node script writing bytes 0, 1, … 250, 0, 1, … to `stream` as fast as it can, forever. */
function floodScript(stream: 'stdout' | 'stderr'): string {
  return `#!/usr/bin/env node
let n = 0;
const next = () => { const b = Buffer.alloc(65536); for (let i = 0; i < b.length; i++) b[i] = n++ % 251; return b; };
const pump = () => { while (process.${stream}.write(next())); process.${stream}.once('drain', pump); };
pump();
`;
}

async function readData(sidecar: Sidecar, bytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let got = 0;
  while (got < bytes) {
    if (sidecar.dataBuffered() === 0) await sidecar.activity();
    const part = sidecar.readData(bytes - got);
    parts.push(part);
    got += part.length;
  }
  return Buffer.concat(parts);
}

describe('SidecarRegistry with real processes', () => {
  it('runs a sidecar that exits normally, told the owner pid, and logs its exit code', async () => {
    const { temp, spawn, logs, registry } = setup();
    const exe = temp.script('bin/hello.sh', '#!/bin/sh\necho "owner=$FUGUE_OWNER_PID"\nexit 0\n');
    const sidecar = await spawn(exe);
    expect(await sidecar.exited).toEqual({ exitCode: 0, signal: undefined });
    expect(text(sidecar.stdout.read())).toBe(`owner=${process.pid}\n`);
    expect(registry.list(PLUGIN)).toEqual([]);
    expect(logs.some((l) => l.message.includes('exited with code 0'))).toBe(true);
    expect(JSON.parse(readFileSync(join(temp.dataDir, SIDECAR_RECORD_FILE), 'utf8'))).toEqual([]);
  });

  it('reports a sidecar that crashes with its signal', async () => {
    const { temp, spawn, logs } = setup();
    const exe = temp.script('crash.sh', '#!/bin/sh\necho dying >&2\nkill -SEGV $$\n');
    const sidecar = await spawn(exe);
    const exit = await sidecar.exited;
    expect(exit.signal).toBe('SIGSEGV');
    expect(text(sidecar.stderr.read())).toContain('dying');
    expect(logs.find((l) => l.message.includes('signal SIGSEGV'))?.level).toBe('warn');
  });

  it('SIGKILLs a sidecar that ignores stdin EOF and SIGTERM after the grace period', async () => {
    const { temp, spawn, registry } = setup(200);
    const exe = temp.script(
      'stubborn.js',
      "#!/usr/bin/env node\nprocess.on('SIGTERM', () => console.log('ignored'));\nprocess.stdin.resume();\nprocess.stdin.on('end', () => undefined);\nconsole.log('ready');\nsetInterval(() => undefined, 1000);\n",
    );
    const sidecar = await spawn(exe);
    await until(() => sidecar.stdout.total > 0, 'the sidecar to start');
    const exit = await registry.stop(sidecar.id);
    expect(exit?.signal).toBe('SIGKILL');
    expect(text(sidecar.stdout.read())).toContain('ignored');
    expect(isProcessAlive(sidecar.pid)).toBe(false);
  });

  it('stops grandchildren that outlive their parent sidecar', async () => {
    const { temp, spawn, registry } = setup();
    // Grandchildren hold none of the sidecar's pipes, so only the process-group stop can reach them.
    const exe = temp.script(
      'forker.sh',
      '#!/bin/sh\nexec 3>pids.txt\nsleep 1000 </dev/null >/dev/null 2>&1 &\necho $! >&3\n' +
        "sh -c 'sleep 1000 & echo $! >&3; wait' </dev/null >/dev/null 2>&1 &\necho $! >&3\nexec 3>&-\necho ready\ncat >/dev/null\n",
    );
    const sidecar = await spawn(exe);
    await until(() => sidecar.stdout.peekText() === 'ready\n', 'the sidecar to fork');
    await until(() => readFileSync(join(temp.root, 'pids.txt'), 'utf8').trim().split('\n').length === 3, 'three pids');
    const pids = readFileSync(join(temp.root, 'pids.txt'), 'utf8').trim().split('\n').map(Number);
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(true);
    const exit = await registry.stop(sidecar.id);
    expect(exit?.exitCode).toBe(0); // the leader itself left on stdin EOF
    for (const pid of [sidecar.pid, ...pids]) expect(isProcessAlive(pid), `pid ${pid}`).toBe(false);
  });

  it('holds back a sidecar that floods its stdio data channel: nothing is dropped, host memory stays bounded', async () => {
    const { temp, spawn, registry } = setup(200, 64 * 1024);
    const sidecar = await spawn(temp.script('flood.js', floodScript('stdout')));
    await until(() => sidecar.stdout.paused, 'the stdout pipe to be paused');
    expect(sidecar.stdout.bufferedBytes).toBeLessThanOrEqual(FLOW_BOUND);
    // The plugin's reads drain the buffer and resume the pipe: every byte arrives, in order.
    const received = await readData(sidecar, 4 * 1024 * 1024);
    expect(received.every((byte, i) => byte === i % 251)).toBe(true);
    expect(sidecar.stdout.dropped).toBe(0);
    expect(sidecar.stdout.bufferedBytes).toBeLessThanOrEqual(FLOW_BOUND);
    await registry.stop(sidecar.id);
    expect(isProcessAlive(sidecar.pid)).toBe(false);
  });

  it('keeps host memory bounded while a sidecar floods stderr, dropping its oldest bytes', async () => {
    const { temp, spawn, registry } = setup(200, 64 * 1024);
    const sidecar = await spawn(temp.script('flood.js', floodScript('stderr')));
    await until(() => sidecar.stderr.total > 20 * 1024 * 1024, '20 MiB of output');
    expect(sidecar.stderr.bufferedBytes).toBeLessThanOrEqual(64 * 1024);
    expect(sidecar.stderr.dropped).toBeGreaterThan(19 * 1024 * 1024);
    await registry.stop(sidecar.id);
    expect(isProcessAlive(sidecar.pid)).toBe(false);
  });

  it('refuses executables outside the root, undeclared or not granted, naming the executable and the rule', async () => {
    const { temp, spawn, registry } = setup();
    writeFileSync(join(temp.base, 'outside.sh'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(temp.base, 'outside.sh'), 0o755);
    symlinkSync(join(temp.base, 'outside.sh'), join(temp.root, 'link.sh'));
    temp.script('tool.sh', '#!/bin/sh\nexit 0\n');
    await expect(spawn('../outside.sh')).rejects.toThrow(/sidecar "\.\.\/outside\.sh" refused: .*outside the plugin root/);
    await expect(spawn('link.sh')).rejects.toThrow(/sidecar "link\.sh" refused: .*outside the plugin root/);
    await expect(spawn(join(temp.base, 'outside.sh'))).rejects.toThrow(/refused: give a path relative to the plugin root/);
    await expect(spawn('tool.sh', { declared: [] })).rejects.toThrow(/sidecar "tool\.sh" refused: it is not declared in the manifest's permissions\.sidecar/);
    await expect(spawn('tool.sh', { granted: [] })).rejects.toThrow(/sidecar "tool\.sh" refused: the user has not granted it/);
    expect(registry.list()).toEqual([]);
  });

  it('stops a plugin\'s sidecars and refuses new spawns once shutting down', async () => {
    const { temp, spawn, registry } = setup();
    const exe = temp.script('wait.sh', '#!/bin/sh\ncat >/dev/null\n');
    const a = await spawn(exe);
    const b = await spawn(exe);
    await registry.stopPlugin(PLUGIN);
    expect(isProcessAlive(a.pid) || isProcessAlive(b.pid)).toBe(false);
    await registry.disposeAll();
    await expect(spawn(exe)).rejects.toThrow(/refused: the host is shutting down/);
  });

  it('kills a sidecar that survived a SIGKILLed owner at the next start', async () => {
    const temp = new TempPluginRoot();
    roots.push(temp);
    const exe = temp.script('linger.sh', '#!/bin/sh\nexec sleep 1000\n');
    const owner = execa('node', ['bin/run-ts.mjs', 'src-main/sidecars/testing/orphan-owner.ts', temp.dataDir, temp.root, exe], {
      cwd: join(import.meta.dirname, '../..'),
      buffer: false,
      reject: false,
      stderr: 'inherit',
    });
    const line = await new Promise<string>((resolve, reject) => {
      owner.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString()));
      void owner.then((r) => reject(new Error(`owner ended early with code ${r.exitCode} (its stderr is above)`)));
    });
    const { pid } = JSON.parse(line) as { pid: number };
    groups.push(pid);
    owner.kill('SIGKILL');
    await owner;
    expect(isProcessAlive(pid)).toBe(true); // orphaned, still running
    const registry = SidecarRegistry.open({ dataDir: temp.dataDir });
    registries.push(registry);
    expect(registry.reaped.map((r) => r.pid)).toEqual([pid]);
    await until(() => !isProcessAlive(pid), 'the orphan to die');
  });
});
