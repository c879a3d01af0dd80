/**
 * One valid plugin.json per ability kind, as an author would write it. Tests start from
 * these; templates may copy them. `docs/plugin-manifest.md` shows the same manifests.
 */
import type { AbilityKind } from './constants.ts';
import type { ManifestInput } from './schema.ts';

/** A valid manifest for each ability kind. */
export const EXAMPLE_MANIFESTS: Readonly<Record<AbilityKind, ManifestInput>> = {
  decoder: {
    schema_version: 1,
    id: 'org.example.wav',
    name: 'WAV decoder',
    version: '1.0.0',
    api_version: '0.1.0',
    engines: { fugue: '>=0.1.0' },
    components: [
      {
        id: 'main',
        path: 'wav.wasm',
        world: 'decoder-plugin',
        abilities: [
          {
            kind: 'decoder',
            type_id: 'wav',
            display_name: 'WAV (PCM)',
            extension_scores: { wav: 90, wave: 90 },
          },
        ],
      },
    ],
  },
  source: {
    schema_version: 1,
    id: 'org.example.radio',
    name: 'Internet radio',
    version: '0.3.1',
    api_version: '0.1.0',
    engines: { fugue: '^0.1.0' },
    description: 'Stations from a public directory.',
    publisher: 'Example Org',
    components: [
      {
        id: 'catalog',
        path: 'dist/catalog.wasm',
        world: 'source-plugin',
        abilities: [
          {
            kind: 'source',
            type_id: 'radio',
            display_name: 'Internet radio',
            config_schema: {
              type: 'object',
              properties: {
                country: { type: 'string', title: 'Country code', default: 'NL' },
                tags: { type: 'array', items: { type: 'string' }, default: [] },
              },
            },
          },
        ],
        threading: { model: 'dedicated', max_instances: 2 },
      },
    ],
    permissions: {
      network: [{ host: 'api.radio-directory.example', reason: 'List stations' }],
      storage: { quota_kb: 1024, reason: 'Remember favourite stations' },
    },
  },
  lyrics: {
    schema_version: 1,
    id: 'org.example.lrclib',
    name: 'LRCLIB lyrics',
    version: '0.1.0',
    api_version: '0.1.0',
    engines: { fugue: '>=0.1.0' },
    components: [
      {
        id: 'main',
        path: 'lyrics.wasm',
        world: 'lyrics-plugin',
        abilities: [{ kind: 'lyrics', type_id: 'lrclib', display_name: 'LRCLIB' }],
        limits: { call_timeout_ms: 15000 },
      },
    ],
    permissions: {
      network: [{ host: 'lrclib.net', reason: 'Look up lyrics' }],
      storage: { quota_kb: 4096, reason: 'Cache lyrics already found' },
    },
  },
  'output-sink': {
    schema_version: 1,
    id: 'org.example.pipe-sink',
    name: 'Pipe to system player',
    version: '0.1.0',
    api_version: '0.1.0',
    engines: { fugue: '>=0.1.0' },
    components: [
      {
        id: 'sink',
        path: 'sink.wasm',
        world: 'output-sink-plugin',
        abilities: [{ kind: 'output-sink', type_id: 'pipe', display_name: 'System player (pipe)' }],
        threading: { model: 'dedicated' },
      },
    ],
    permissions: {
      sidecar: [{ executable: 'ffplay', reason: 'Play audio through the system player' }],
    },
  },
  dsp: {
    schema_version: 1,
    id: 'org.example.gain',
    name: 'Gain',
    version: '0.1.0',
    api_version: '0.1.0',
    engines: { fugue: '>=0.1.0' },
    components: [
      {
        id: 'main',
        path: 'gain.wasm',
        world: 'dsp-plugin',
        abilities: [
          {
            kind: 'dsp',
            type_id: 'gain',
            display_name: 'Gain',
            config_schema: {
              type: 'object',
              properties: {
                gain_db: { type: 'number', minimum: -24, maximum: 24, default: 0 },
                soft_clip: { type: 'boolean', default: true },
              },
            },
          },
        ],
        limits: { memory_mb: 16 },
      },
    ],
  },
};
