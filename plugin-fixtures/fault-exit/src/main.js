// Fault corpus: the title "exit" makes the plugin call WASI exit() in the middle of a call.
import { exit } from 'wasi:cli/exit@0.2.12';

export const lifecycle = {
  onEnable() {},
  onDisable() {},
};

export const settings = {
  apply() {
    return 'applied';
  },
};

export const lyrics = {
  find(query) {
    if (query.title === 'exit') {
      exit({ tag: 'err' });
      return { body: { tag: 'plain', val: 'exit returned' }, provider: 'fault-exit', language: undefined };
    }
    return { body: { tag: 'plain', val: `ok: ${query.title}` }, provider: 'fault-exit', language: undefined };
  },
};
