// {{displayName}}: a lyrics provider (world lyrics-plugin) in JavaScript, answering every
// query with the same three synced lines, `offset_ms` later. A real provider would ask a
// web service through http-client (declare the host in plugin.json's permissions).
import { write } from 'fugue:plugin/log@0.1.0';

let offsetMs = 0;

export const lifecycle = {
  onEnable() {
    write('info', '{{typeId}} enabled');
  },
  onDisable(reason) {},
};

export const settings = {
  apply(typeId, values) {
    for (const { key, value } of values) {
      if (key !== 'offset_ms') continue;
      if (value.tag !== 'integer' || Number(value.val) < 0) throw { code: 'invalid-argument', message: 'offset_ms must be a whole number of milliseconds' };
      offsetMs = Number(value.val);
    }
    return 'applied';
  },
};

export const lyrics = {
  find(query) {
    const title = query.title.trim();
    // Throwing { code, message } returns a plugin-error; anything else would trap.
    if (title === '') throw { code: 'invalid-argument', message: 'a title is needed to look up lyrics' };
    const lines = [
      { startMs: offsetMs, text: `This is ${title}` },
      { startMs: offsetMs + 2000, text: 'sung by a plugin' },
      { startMs: offsetMs + 4000, text: 'written in JavaScript' },
    ];
    return { body: { tag: 'synced', val: lines }, provider: '{{displayName}}', language: 'en' };
  },
};
