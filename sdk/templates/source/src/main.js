// {{displayName}}: a catalog source (world source-plugin) of two test tones, in JavaScript.
// A real source would list a web catalog through http-client (declare the host in
// plugin.json's permissions).
import { write } from 'fugue:plugin/log@0.1.0';

const TONES = [
  { id: 'tone-440', title: 'A4 (440 Hz)' },
  { id: 'tone-880', title: 'A5 (880 Hz)' },
];
const DURATION_MS = 10000;
let baseUrl = 'https://tones.example.org/';

const item = (tone) => ({ id: tone.id, kind: 'track', title: tone.title, subtitle: 'Test tones', durationMs: DURATION_MS, playable: true, hasChildren: false });

export const lifecycle = {
  onEnable() {
    write('info', '{{typeId}} enabled');
  },
  onDisable(reason) {},
};

export const settings = {
  apply(typeId, values) {
    for (const { key, value } of values) {
      if (key !== 'base_url') continue;
      if (value.tag !== 'text') throw { code: 'invalid-argument', message: 'base_url must be text' };
      baseUrl = value.val;
    }
    return 'applied';
  },
};

export const source = {
  browse(target, cursor) {
    // Throwing { code, message } returns a plugin-error; anything else would trap.
    if (target.tag !== 'root') throw { code: 'not-found', message: `no folder ${target.val}` };
    return { items: TONES.map(item), nextCursor: undefined };
  },
  search(query, cursor) {
    const needle = query.toLowerCase();
    return { items: TONES.filter((tone) => tone.title.toLowerCase().includes(needle)).map(item), nextCursor: undefined };
  },
  resolve(itemId) {
    const tone = TONES.find((candidate) => candidate.id === itemId);
    if (tone === undefined) throw { code: 'not-found', message: `no track ${itemId}` };
    const metadata = { title: tone.title, durationMs: DURATION_MS, tags: [], pictures: [] };
    return { location: { tag: 'url', val: `${baseUrl}${tone.id}.wav` }, metadata, extensionHint: 'wav' };
  },
  artwork(itemId) {
    return undefined;
  },
};
