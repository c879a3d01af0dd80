/**
 * Runs one installer operation in its own process so a test can SIGKILL it at a random
 * moment: `crash-child.ts <data-dir> install <package> [--allow-downgrade]` or
 * `crash-child.ts <data-dir> uninstall <plugin-id>`. Prints `ready` once the services
 * are open (the operation starts right after), `step <name>` as an install passes each
 * step, and `done <ms>` when it finished.
 */
import { PluginServices } from '../../app/plugin-services.ts';

const [dataDir, operation, target, flag] = process.argv.slice(2);
if (dataDir === undefined || target === undefined || (operation !== 'install' && operation !== 'uninstall')) {
  console.error('usage: crash-child.ts <data-dir> install <package> [--allow-downgrade] | uninstall <plugin-id>');
  process.exit(2);
}
const services = await PluginServices.open({ dataDir });
await services.repair();
console.log('ready');
const started = performance.now();
if (operation === 'install') await services.installer.install({ kind: 'path', path: target }, { allowDowngrade: flag === '--allow-downgrade', onConsent: () => ({ approve: true }), onProgress: (step) => console.log(`step ${step}`) });
else await services.installer.uninstall(target);
console.log(`done ${Math.round(performance.now() - started)}`);
await services.dispose();
