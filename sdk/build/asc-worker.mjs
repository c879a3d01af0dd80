// Runs the AssemblyScript compiler in a worker thread. Plain JavaScript on purpose: a
// worker does not inherit the tsx loader, which takes ~7 s to pass binaryen's 13 MB module
// through its transform (plain Node loads it in ~0.4 s). One worker compiles many modules.
import { parentPort } from 'node:worker_threads';
import asc from 'assemblyscript/asc';

/** An asc transform renaming exports (asc instantiates it and sets `binaryen`). */
function renameTransform(renames) {
  return class RenameExports {
    afterCompile(module) {
      for (const [from, to] of Object.entries(renames)) {
        const ref = module.getExport(from);
        if (!ref) throw new Error(`the compiled module has no export \`${from}\` to rename to \`${to}\``);
        const { value } = this.binaryen.getExportInfo(ref);
        module.removeExport(from);
        module.addFunctionExport(value, to);
      }
    }
  };
}

async function compile({ argv, renames }) {
  let wasm;
  const stderr = [];
  const result = await asc.main(argv, {
    stdout: { write: () => undefined },
    stderr: { write: (chunk) => void stderr.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)) },
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm') && typeof contents !== 'string') wasm = contents;
    },
    transforms: [renameTransform(renames)],
  });
  if (result.error !== null || wasm === undefined) return { ok: false, message: stderr.join('') || String(result.error) };
  // A copy owns its buffer, so it can be transferred (asc may hand out a view into a larger one).
  return { ok: true, wasm: wasm.slice() };
}

parentPort.on('message', async ({ id, job }) => {
  try {
    const result = await compile(job);
    parentPort.postMessage({ id, result }, result.ok ? [result.wasm.buffer] : []);
  } catch (error) {
    parentPort.postMessage({ id, result: { ok: false, message: error instanceof Error ? error.stack ?? error.message : String(error) } });
  }
});
