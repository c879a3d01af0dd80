/**
 * A throwaway owner process for the orphan test: opens a registry on a data dir, starts
 * one sidecar, prints its pid and waits to be SIGKILLed (so it never stops the sidecar).
 * Usage: run-ts.mjs orphan-owner.ts <dataDir> <pluginRoot> <executable>
 */
import { SidecarRegistry } from '../sidecar-registry.ts';

const [dataDir, pluginRoot, executable] = process.argv.slice(2);
if (!dataDir || !pluginRoot || !executable) throw new Error('usage: orphan-owner.ts <dataDir> <pluginRoot> <executable>');
const registry = SidecarRegistry.open({ dataDir });
const sidecar = await registry.spawn({ pluginId: 'org.test.orphan', pluginRoot, executable, declared: [executable], granted: [executable] });
process.stdout.write(`${JSON.stringify({ pid: sidecar.pid })}\n`);
setInterval(() => undefined, 60_000);
