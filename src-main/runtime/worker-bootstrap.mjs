// Entry of a component worker thread: load TypeScript through tsx, then the worker itself.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// JavaScript components (componentize-qjs) use wasm extended-const, shipped by default
// from V8 11.4 (Node 22 / Electron); Node 20 has it behind this flag.
setFlagsFromString('--experimental-wasm-extended-const');
register();
await import('./component-worker.ts');
