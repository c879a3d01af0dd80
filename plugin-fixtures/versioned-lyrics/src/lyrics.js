// Answers with its version in `provider`; a title "spin:<n>" first loops n times, so a
// call can still be running when a test installs the next version.
import { write } from 'fugue:plugin/log@0.1.0';

const VERSION = '1.0.0';

export const lifecycle = {
  onEnable() {
    write('info', `versioned ${VERSION} enabled`);
  },
  onDisable(reason) {
    write('info', `versioned ${VERSION} disabled (${reason})`);
  },
};

export const settings = {
  apply() {
    return 'applied';
  },
};

export const lyrics = {
  find(query) {
    let spins = 0;
    if (query.title.startsWith('spin:')) {
      const count = Number(query.title.slice(5));
      for (let i = 0; i < count; i++) spins += i % 7;
    }
    return { body: { tag: 'plain', val: `${query.title} ${spins}` }, provider: `versioned@${VERSION}`, language: undefined };
  },
};
