// Preloaded by `fugue-plugin test` into `node --test`: TypeScript through tsx, and the SDK's
// testing API importable from any project folder as `fugue-plugin/testing`.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./test-resolve.mjs', import.meta.url);
