// The quickstart of docs/plugin-guide.md, run as written: the `sh quickstart` block for a
// dsp, a decoder and a JavaScript lyrics project (name and kind substituted), each into a
// fresh Fugue data folder with the real binaries, then the installed plugin is called
// through the real host. The `sh quickstart-sign` block follows the dsp run. `dev` is
// checked in-process on the lyrics project: a source edit rebuilds and reloads.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PluginServices } from '../../src-main/app/plugin-services.ts';
import type { ResourceRef } from '../../src-main/runtime/protocol.ts';
import { DevSession } from './dev.ts';
import { initProject } from './init.ts';
import { main } from './main.ts';
import { exercise } from './test-command.ts';
import { openPlugin } from './testing.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const guide = readFileSync(join(repo, 'docs', 'plugin-guide.md'), 'utf8');

/** The command lines of the guide's ```sh <name> block. */
function guideBlock(name: string): string[] {
  const match = new RegExp(`\`\`\`sh ${name}\\n([\\s\\S]*?)\`\`\``).exec(guide);
  if (match?.[1] === undefined) throw new Error(`docs/plugin-guide.md has no \`\`\`sh ${name} block`);
  return match[1].split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

/** Splits a command line like a shell does for plain words and "double quoted" ones. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

interface Ran {
  line: string;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs the block's lines in `cwd`: `cd`, `fugue-plugin …` and `fugue …` (with `--data-dir`). */
async function runBlock(lines: string[], start: string, dataDir: string): Promise<{ ran: Ran[]; cwd: string }> {
  let cwd = start;
  const ran: Ran[] = [];
  for (const line of lines) {
    const [program, ...args] = words(line);
    if (program === 'cd') {
      cwd = join(cwd, args[0] ?? '');
      continue;
    }
    const bin = program === 'fugue-plugin' ? 'fugue-plugin.mjs' : program === 'fugue' ? 'fugue.mjs' : undefined;
    if (bin === undefined) throw new Error(`the quickstart runs "${program}", which this test does not know`);
    const extra = program === 'fugue' ? ['--data-dir', dataDir] : [];
    const started = performance.now();
    const result = await execa('node', [join(repo, 'bin', bin), ...args, ...extra], { cwd, reject: false, stdin: 'ignore' });
    expect(result.exitCode, `${line}\n${result.stdout}\n${result.stderr}`).toBe(0);
    ran.push({ line, stdout: result.stdout, stderr: result.stderr, seconds: (performance.now() - started) / 1000 });
  }
  return { ran, cwd };
}

/** `init 0.9 s, build 6.1 s, …, answer 1.2 s; 20.1 s in all` for the log. */
function timings(label: string, ran: Ran[], started: number, answered: number): string {
  const steps = ran.map((entry) => {
    const [program, first, second] = words(entry.line);
    return `${program === 'fugue' ? second : first} ${entry.seconds.toFixed(1)} s`;
  });
  return `quickstart (${label}): ${steps.join(', ')}, host call ${((performance.now() - answered) / 1000).toFixed(1)} s; init to an installed plugin answering: ${((performance.now() - started) / 1000).toFixed(1)} s`;
}

const outputOf = (ran: Ran[], prefix: string): string => ran.find((entry) => entry.line.startsWith(prefix))?.stdout ?? '';

/** The quickstart block for another project: `my-gain` renamed, `--kind dsp` replaced. */
function quickstartFor(name: string, kindArgs: string): string[] {
  return guideBlock('quickstart').map((line) => line.replaceAll('my-gain', name).replace('--kind dsp', kindArgs));
}

/** Opens the data folder as the app does, starts its plugins, and runs `work` with the services. */
async function withInstalled<T>(dataDir: string, work: (services: PluginServices) => Promise<T>): Promise<T> {
  const services = await PluginServices.open({ dataDir });
  try {
    await services.start();
    return await work(services);
  } finally {
    await services.dispose();
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-quickstart-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('the quickstart of docs/plugin-guide.md', () => {
  const dspData = () => join(work, 'data-dsp');

  it('dsp: init → build → test → pack → install, then the installed effect processes audio through the host', async () => {
    const started = performance.now();
    const { ran } = await runBlock(guideBlock('quickstart'), work, dspData());
    expect(outputOf(ran, 'fugue-plugin test')).toContain('both paths give identical samples');
    expect(outputOf(ran, 'fugue-plugin test')).toMatch(/✔ the default -6 dB roughly halves every sample/);
    expect(outputOf(ran, 'fugue plugin list')).toMatch(/^org\.example\.my-gain +0\.1\.0 +unverified +active$/m);
    const answered = performance.now();
    const output = await withInstalled(dspData(), async (services) => {
      const lease = services.host.acquire('org.example.my-gain');
      try {
        const processor = (await lease.instance.call('dsp', 'create', ['my-gain', { sampleRate: 48_000, channels: 2 }, 256])) as ResourceRef;
        const result = (await lease.instance.callMethod(processor, 'process', [Float32Array.from([0.5, -0.5, 1, 0])])) as Float32Array;
        await lease.instance.drop(processor);
        return Array.from(result);
      } finally {
        lease.release();
      }
    });
    // The saved default, -6 dB, reached the plugin when the host started it.
    expect(output.map((value) => Number(value.toFixed(4)))).toEqual([0.2506, -0.2506, 0.5012, 0]);
    console.log(timings('dsp, AssemblyScript', ran, started, answered));
  }, 300_000);

  it('signing: keygen → sign → trust add → install shows the plugin verified', async () => {
    const { ran } = await runBlock(guideBlock('quickstart-sign'), join(work, 'my-gain'), dspData());
    expect(outputOf(ran, 'fugue-plugin sign')).toMatch(/^signed dist\/org\.example\.my-gain-0\.1\.0\.zip as "Example Labs" \(key [0-9a-f]{16}\)$/m);
    expect(outputOf(ran, 'fugue plugin install')).toContain('verified: signed by trusted publisher "Example Labs"');
    expect(outputOf(ran, 'fugue plugin list')).toMatch(/^org\.example\.my-gain +0\.1\.0 +verified +active$/m);
  }, 120_000);

  it('decoder: the same steps; the installed decoder decodes the sample file through the host', async () => {
    const started = performance.now();
    const dataDir = join(work, 'data-decoder');
    const { ran, cwd } = await runBlock(quickstartFor('my-decoder', '--kind decoder'), work, dataDir);
    expect(outputOf(ran, 'fugue-plugin test')).toContain('stream: F32R: 44100 Hz, 2 channels, 32-bit, 11025 frames (0.250 s), seekable gapless lossless');
    expect(outputOf(ran, 'fugue-plugin test')).toContain('decoded: 11025 frames in 3 blocks, peak 0.5000 (-6.0 dBFS)');
    const answered = performance.now();
    const frames = await withInstalled(dataDir, async (services) => {
      const lease = services.host.acquire('org.example.my-decoder');
      const calls = { fileRoots: [join(cwd, 'test')] };
      try {
        const sample = pathToFileURL(join(cwd, 'test', 'tone.f32r')).href;
        const session = (await lease.instance.call('decoder', 'open', [{ $hostStream: sample }, { extension: 'f32r', typeId: 'my-decoder' }], calls)) as ResourceRef;
        let total = 0;
        for (let block = (await lease.instance.callMethod(session, 'read', [4096], calls)) as Float32Array; block.length > 0; block = (await lease.instance.callMethod(session, 'read', [4096], calls)) as Float32Array) total += block.length / 2;
        await lease.instance.drop(session);
        return total;
      } finally {
        lease.release();
      }
    });
    expect(frames).toBe(11_025);
    console.log(timings('decoder, AssemblyScript', ran, started, answered));
  }, 300_000);

  it('lyrics in JavaScript: the same steps; the installed provider answers find through the host', async () => {
    const started = performance.now();
    const dataDir = join(work, 'data-lyrics');
    const { ran } = await runBlock(quickstartFor('my-lyrics', '--kind lyrics --lang js'), work, dataDir);
    expect(outputOf(ran, 'fugue-plugin init')).toContain('created lyrics plugin org.example.my-lyrics (JavaScript)');
    expect(outputOf(ran, 'fugue-plugin test')).toContain('[00:02.00] sung by a plugin');
    const answered = performance.now();
    const result = await withInstalled(dataDir, (services) => services.host.call('org.example.my-lyrics', 'lyrics', 'find', [{ title: 'Blue Moon' }]));
    expect(result).toMatchObject({ body: { tag: 'synced', val: [{ text: 'This is Blue Moon' }, { text: 'sung by a plugin' }, { text: 'written in JavaScript' }] }, provider: 'My lyrics' });
    console.log(timings('lyrics, JavaScript', ran, started, answered));
  }, 300_000);
});

describe('fugue-plugin dev', () => {
  it('rebuilds on a source edit, and Fugue runs the new build', async () => {
    const folder = join(work, 'my-lyrics');
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    const session = await DevSession.start(folder, { dataDir: join(work, 'data-dev'), debounceMs: 100 }, io);
    try {
      const find = () => session.services.host.call('org.example.my-lyrics', 'lyrics', 'find', [{ title: 'Blue Moon' }]) as Promise<{ body: { val: { text: string }[] } }>;
      expect((await find()).body.val[2]?.text).toBe('written in JavaScript');
      const rebuilt = new Promise((resolve) => session.onRebuild(resolve));
      // A save can also reach Fugue's own watcher mid-write; what counts is the reload that follows.
      const reloaded = (async () => {
        for (;;) {
          const event = await session.link.nextEvent();
          if (event.kind === 'reloaded') return event;
        }
      })();
      const source = join(folder, 'src', 'main.js');
      await writeFile(source, (await readFile(source, 'utf8')).replace("'written in JavaScript'", "'edited while running'"));
      expect(await rebuilt).toMatchObject({ kind: 'rebuilt', changed: ['src/main.js'] });
      expect(await reloaded).toMatchObject({ kind: 'reloaded', pluginId: 'org.example.my-lyrics' });
      expect((await find()).body.val[2]?.text).toBe('edited while running');
      expect(lines.some((line) => /rebuilt org\.example\.my-lyrics in [0-9.]+ s \(changed: src\/main\.js\)/.test(line))).toBe(true);
      expect(lines.some((line) => /reloaded org\.example\.my-lyrics 0\.1\.0 in Fugue/.test(line))).toBe(true);
    } finally {
      await session.dispose();
    }
  }, 120_000);
});

describe('the templates the quickstart does not run', () => {
  it('build, and answer their kind\'s headless round through the real runtime', async () => {
    const variants = [
      { name: 'my-source', kind: 'source', lang: 'assemblyscript', expected: 'resolve tone-440: url https://tones.example.org/tone-440.wav' },
      { name: 'my-source-js', kind: 'source', lang: 'js', expected: 'resolve tone-440: url https://tones.example.org/tone-440.wav' },
      { name: 'my-words', kind: 'lyrics', lang: 'assemblyscript', expected: '  [00:04.00] written in AssemblyScript' },
      { name: 'my-sink', kind: 'output-sink', lang: 'assemblyscript', expected: 'wrote 1 s of 440 Hz (48000 frames at 48000 Hz, 2 channels) to counter; it pushed back 1 time; 24000 frames still queued' },
    ];
    for (const variant of variants) {
      const { dir } = await initProject({ name: variant.name, kind: variant.kind, lang: variant.lang }, work);
      const lines: string[] = [];
      const plugin = await openPlugin(dir);
      try {
        expect(await exercise(plugin, dir, { out: (line) => lines.push(line), err: (line) => lines.push(`error: ${line}`) }, undefined)).toBe(true);
      } finally {
        await plugin.dispose();
      }
      expect(lines, variant.name).toContain(variant.expected);
    }
  }, 300_000);
});

describe('fugue-plugin errors', () => {
  async function run(...argv: string[]): Promise<{ code: number; err: string }> {
    const err: string[] = [];
    const code = await main(argv, { out: () => undefined, err: (line) => err.push(line) });
    return { code, err: err.join('\n') };
  }

  it('says what is wrong and what to do', async () => {
    expect(await run('init', 'x', '--kind', 'visualizer')).toEqual({ code: 2, err: 'fugue-plugin init: unknown kind "visualizer"; choose one of decoder, source, lyrics, output-sink, dsp' });
    const js = await run('init', 'fx', '--kind', 'dsp', '--lang', 'js');
    expect(js.code).toBe(2);
    expect(js.err).toContain('a dsp plugin cannot be written in JavaScript: it loops over every audio sample');
    const taken = await run('init', 'my-gain', '--kind', 'dsp', '--dir', join(work, 'my-gain'));
    expect(taken).toEqual({ code: 1, err: `fugue-plugin init: ${join(work, 'my-gain')} already exists and is not empty; choose another name, pass --dir <empty folder>, or remove it first` });
    const missing = await run('build', work);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`${work} has no plugin.json, so it is not a plugin project`);
  });

  it('passes the compiler message on when a build fails', async () => {
    const dir = join(work, 'broken');
    expect((await run('init', 'broken', '--kind', 'lyrics', '--dir', dir)).code).toBe(0);
    const source = join(dir, 'assembly', 'main.ts');
    await writeFile(source, (await readFile(source, 'utf8')).replace('const title = query.title.trim();', 'const title: i32 = query.title.trim();'));
    const failed = await run('build', dir);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('the build of org.example.broken failed:\nAssemblyScript compilation of assembly/generated/main/component.ts failed:');
    expect(failed.err).toContain("ERROR TS2322: Type '~lib/string/String' is not assignable to type 'i32'.");
    expect(failed.err).toContain('in assembly/main.ts(');
  }, 120_000);

  it('regenerates deleted bindings even when the sources did not change', async () => {
    const dir = join(work, 'broken');
    const source = join(dir, 'assembly', 'main.ts');
    await writeFile(source, (await readFile(source, 'utf8')).replace('const title: i32 = query.title.trim();', 'const title = query.title.trim();'));
    expect((await run('build', dir)).code).toBe(0);
    await rm(join(dir, 'assembly', 'generated'), { recursive: true });
    const lines: string[] = [];
    expect(await main(['build', dir], { out: (line) => lines.push(line), err: (line) => lines.push(line) })).toBe(0);
    expect(lines[0]).toMatch(/^org\.example\.broken 0\.1\.0: built in [0-9.]+ s$/);
    expect(existsSync(join(dir, 'assembly', 'generated', 'main', 'lyrics.ts'))).toBe(true);
    lines.length = 0;
    expect(await main(['build', dir], { out: (line) => lines.push(line), err: (line) => lines.push(line) })).toBe(0);
    expect(lines[0]).toBe('org.example.broken 0.1.0: up to date (cached build)');
  }, 120_000);
});
