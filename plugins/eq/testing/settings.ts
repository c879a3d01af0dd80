/**
 * Test and benchmark support: `settings.apply` values for the EQ (the keys of its
 * config_schema in plugin.json), and a configuration with all ten bands active.
 */

export interface BandSetting {
  type?: 'peaking' | 'lowshelf' | 'highshelf' | 'lowpass' | 'highpass' | string;
  frequency?: number;
  gain_db?: number;
  q?: number;
}

export interface SettingEntry {
  key: string;
  value: { tag: 'number' | 'text'; val: number | string };
}

export const EQ_CENTRES = [31.25, 62.5, 125, 250, 500, 1000, 2000, 4000, 8000, 16000];

/** Every band's values (bands not given are peaking at their centre, 0 dB, Q 1.41). */
export function eqSettings(bands: Record<number, BandSetting>, preampDb = 0): SettingEntry[] {
  const values: SettingEntry[] = [{ key: 'preamp_db', value: { tag: 'number', val: preampDb } }];
  EQ_CENTRES.forEach((centre, index) => {
    const band = { type: 'peaking', frequency: centre, gain_db: 0, q: 1.41, ...bands[index + 1] };
    values.push({ key: `band${index + 1}_type`, value: { tag: 'text', val: band.type } });
    for (const field of ['frequency', 'gain_db', 'q'] as const) values.push({ key: `band${index + 1}_${field}`, value: { tag: 'number', val: band[field] } });
  });
  return values;
}

/** All ten bands active, every filter type used. */
export const LIVELY_BANDS: Record<number, BandSetting> = {
  1: { type: 'highpass', frequency: 25, q: 0.707 },
  2: { type: 'lowshelf', frequency: 80, gain_db: 4, q: 0.8 },
  3: { gain_db: -3 },
  4: { gain_db: 2.5, q: 2 },
  5: { gain_db: -6, q: 4 },
  6: { gain_db: 3 },
  7: { gain_db: -1.5 },
  8: { gain_db: 5, q: 0.9 },
  9: { type: 'highshelf', frequency: 9000, gain_db: -4, q: 0.7 },
  10: { type: 'lowpass', frequency: 19_000, q: 0.707 },
};
