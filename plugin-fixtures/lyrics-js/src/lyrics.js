// A well-behaved JavaScript lyrics provider: the JS component route end to end.
// It answers with synced lines derived from the query and a configurable offset.
import { write } from 'fugue:plugin/log@0.1.0';

let offsetMs = 0;

export const lifecycle = {
  onEnable() {
    write('info', 'lyrics-js enabled');
  },
  onDisable(reason) {
    write('info', `lyrics-js disabled (${reason})`);
  },
};

export const settings = {
  apply(typeId, values) {
    if (typeId !== 'echo') throw { code: 'not-found', message: `no lyrics ability "${typeId}" in this plugin` };
    for (const { key, value } of values) {
      if (key === 'offset_ms' && value.tag === 'integer') offsetMs = Number(value.val);
    }
    return 'applied';
  },
};

export const lyrics = {
  find(query) {
    if (query.title === '') throw { code: 'invalid-argument', message: 'a title is required to look up lyrics' };
    if (query.title === 'instrumental') return { body: { tag: 'instrumental' }, provider: 'lyrics-js', language: undefined };
    const words = query.title.split(' ');
    const lines = words.map((text, index) => ({ startMs: offsetMs + index * 1000, text }));
    return { body: { tag: 'synced', val: lines }, provider: 'lyrics-js', language: 'en' };
  },
};
