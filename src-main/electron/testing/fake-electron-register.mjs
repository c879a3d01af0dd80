// `node --import` this to run the built launcher with the fake `electron` (launcher.test.ts).
import { register } from 'node:module';

register('./fake-electron-hooks.mjs', import.meta.url);
