#!/usr/bin/env node
// `npm start`: the desktop app in Electron, or the web shell (`fugue serve`) where no Electron
// binary is installed. Arguments pass through: `npm start -- --port 8080 --data-dir /tmp/f`.
import { register } from 'tsx/esm/api';

// The device output keeps one libuv threadpool thread blocked while a stream is open (see bin/fugue.mjs).
process.env.UV_THREADPOOL_SIZE ??= '8';

register();
const { runStart } = await import('../src-main/electron/start.ts');
process.exitCode = await runStart(process.argv.slice(2));
