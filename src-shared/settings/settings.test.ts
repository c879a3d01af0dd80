// Settings as a user saves them and a plugin receives them.
import { describe, expect, it } from 'vitest';
import { checkSettings, parseSettingText, settingFields, toWitSettings } from './settings.ts';

const schema = {
  type: 'object',
  properties: {
    gain_db: { type: 'number', default: 0, minimum: -60, maximum: 24, title: 'Gain (dB)' },
    bands: { type: 'integer', default: 10, minimum: 1, maximum: 31 },
    mode: { type: 'string', enum: ['track', 'album'], default: 'track', title: 'Mode' },
    enabled: { type: 'boolean', default: true },
    folders: { type: 'array', items: { type: 'string' }, title: 'Folders' },
  },
  required: ['folders'],
};

describe('settings', () => {
  it('lists the form fields in schema order with titles, bounds and choices', () => {
    expect(settingFields(schema).map((field) => [field.key, field.type, field.title, field.required])).toEqual([
      ['gain_db', 'number', 'Gain (dB)', false],
      ['bands', 'integer', 'bands', false],
      ['mode', 'string', 'Mode', false],
      ['enabled', 'boolean', 'enabled', false],
      ['folders', 'array', 'Folders', true],
    ]);
    expect(settingFields(schema)[2]?.choices).toEqual(['track', 'album']);
  });

  it('accepts valid values and refuses bad ones, each message naming the field', () => {
    expect(checkSettings(schema, { gain_db: -6, folders: ['/music'] })).toEqual({ ok: true, values: { gain_db: -6, folders: ['/music'] } });
    const refused = checkSettings(schema, { gain_db: 40, bands: 2.5, mode: 'loud', enabled: 'yes', colour: 'red' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.issues.map((issue) => issue.message)).toEqual([
      'Gain (dB) (gain_db): 40 is above the maximum 24',
      'bands (bands): 2.5 is not a whole number',
      'Mode (mode): "loud" is not one of track, album',
      'enabled (enabled): "yes" is not true or false',
      'colour is not a setting of this ability (it has: gain_db, bands, mode, enabled, folders)',
      'Folders (folders) is required',
    ]);
  });

  it('hands the plugin every default with the saved values over them, as WIT setting values', () => {
    expect(toWitSettings(schema, { gain_db: -6, bands: 5, folders: ['/a', '/b'] })).toEqual([
      { key: 'gain_db', value: { tag: 'number', val: -6 } },
      { key: 'bands', value: { tag: 'integer', val: 5n } },
      { key: 'mode', value: { tag: 'text', val: 'track' } },
      { key: 'enabled', value: { tag: 'boolean', val: true } },
      { key: 'folders', value: { tag: 'text-list', val: ['/a', '/b'] } },
    ]);
  });

  it('reads key=value text from the command line by the field type', () => {
    expect(parseSettingText(schema, 'gain_db=-3.5')).toEqual({ key: 'gain_db', value: -3.5 });
    expect(parseSettingText(schema, 'enabled=false')).toEqual({ key: 'enabled', value: false });
    expect(parseSettingText(schema, 'folders=/a,/b')).toEqual({ key: 'folders', value: ['/a', '/b'] });
    expect(parseSettingText(schema, 'gain_db=loud')).toEqual({ key: 'gain_db', value: 'loud' });
  });
});
