/**
 * The preload of every Fugue window. Sandboxed preloads can only `require('electron')`,
 * so this file is bundled to `out/electron/preload.cjs` (`npm run build:electron`) with
 * the contract registry inlined. It exposes `window.fugue` and nothing else.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { ELECTRON_BRIDGE_GLOBAL } from '../../src-shared/contract/electron-bridge.ts';
import { createBridge } from './preload-api.ts';

contextBridge.exposeInMainWorld(ELECTRON_BRIDGE_GLOBAL, createBridge({ ipcRenderer, webUtils }));
