/**
 * An ability's settings as the host and the UI see them: the fields of its
 * `config_schema` (already checked at install by manifest/config-schema.ts), the check of
 * values a user saves, and the WIT `setting` list the plugin receives. Saved values are
 * merged over the schema's defaults, so a plugin always gets every field that has one.
 */

/** A saved value of one setting. */
export type SettingValue = boolean | number | string | string[];

/** The WIT `setting` record as jco represents it (`integer` is an s64: a bigint). */
export interface WitSetting {
  key: string;
  value: { tag: 'boolean'; val: boolean } | { tag: 'integer'; val: bigint } | { tag: 'number'; val: number } | { tag: 'text'; val: string } | { tag: 'text-list'; val: string[] };
}

export type SettingType = 'boolean' | 'integer' | 'number' | 'string' | 'array';

/**
 * What the saved values of a text-list setting marked `"x-fugue-grant"` grant the plugin:
 * `file-roots` (folders it may read) or `network-hosts` (hosts of the URLs it may reach).
 */
export type SettingGrantKind = 'file-roots' | 'network-hosts';

/** One field of a settings form. */
export interface SettingField {
  key: string;
  type: SettingType;
  title: string;
  description?: string | undefined;
  default?: SettingValue | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  /** Allowed values of a string field. */
  choices?: string[] | undefined;
  required: boolean;
  /** Set when saving values of this field grants the plugin access (`"x-fugue-grant"`). */
  grant?: SettingGrantKind | undefined;
}

/** A value that was refused, and why (the message names the field). */
export interface SettingIssue {
  key: string;
  message: string;
}

export type SettingsCheck = { ok: true; values: Record<string, SettingValue> } | { ok: false; issues: SettingIssue[] };

type Json = Record<string, unknown>;

/** The form fields of a `config_schema`, in the order the schema lists them. */
export function settingFields(schema: Json | undefined): SettingField[] {
  const properties = isObject(schema?.properties) ? schema.properties : {};
  const required = Array.isArray(schema?.required) ? (schema.required as unknown[]) : [];
  return Object.entries(properties).flatMap(([key, raw]) => {
    if (!isObject(raw) || typeof raw.type !== 'string') return [];
    return [
      {
        key,
        type: raw.type as SettingType,
        title: typeof raw.title === 'string' ? raw.title : key,
        description: typeof raw.description === 'string' ? raw.description : undefined,
        default: raw.default as SettingValue | undefined,
        minimum: typeof raw.minimum === 'number' ? raw.minimum : undefined,
        maximum: typeof raw.maximum === 'number' ? raw.maximum : undefined,
        choices: Array.isArray(raw.enum) && raw.enum.every((item) => typeof item === 'string') ? (raw.enum as string[]) : undefined,
        required: required.includes(key),
        ...(raw['x-fugue-grant'] === 'file-roots' || raw['x-fugue-grant'] === 'network-hosts' ? { grant: raw['x-fugue-grant'] } : {}),
      },
    ];
  });
}

/** Checks values a user saves against the schema; every problem names its field. */
export function checkSettings(schema: Json | undefined, values: Record<string, unknown>): SettingsCheck {
  const fields = new Map(settingFields(schema).map((field) => [field.key, field]));
  const issues: SettingIssue[] = [];
  const checked: Record<string, SettingValue> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = fields.get(key);
    if (field === undefined) {
      issues.push({ key, message: `${key} is not a setting of this ability (it has: ${[...fields.keys()].join(', ') || 'none'})` });
      continue;
    }
    const problem = problemOf(field, value);
    if (problem === undefined) checked[key] = value as SettingValue;
    else issues.push({ key, message: `${field.title} (${key}): ${problem}` });
  }
  for (const field of fields.values()) {
    if (field.required && field.default === undefined && !(field.key in values)) issues.push({ key: field.key, message: `${field.title} (${field.key}) is required` });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values: checked };
}

/** The settings a plugin receives: the schema's defaults with the saved values over them. */
export function toWitSettings(schema: Json | undefined, saved: Record<string, SettingValue>): WitSetting[] {
  return settingFields(schema).flatMap((field) => {
    const value = field.key in saved ? saved[field.key] : field.default;
    return value === undefined ? [] : [{ key: field.key, value: witValue(field.type, value) }];
  });
}

/** Parses `key=value` text (the command line) into a value of the field's type. */
export function parseSettingText(schema: Json | undefined, assignment: string): { key: string; value: unknown } {
  const equals = assignment.indexOf('=');
  const key = equals === -1 ? assignment : assignment.slice(0, equals);
  const text = equals === -1 ? '' : assignment.slice(equals + 1);
  const field = settingFields(schema).find((candidate) => candidate.key === key);
  switch (field?.type) {
    case 'boolean':
      return { key, value: text === 'true' ? true : text === 'false' ? false : text };
    case 'integer':
    case 'number':
      return { key, value: text.trim() === '' || Number.isNaN(Number(text)) ? text : Number(text) };
    case 'array':
      return { key, value: text === '' ? [] : text.split(',') };
    default:
      return { key, value: text };
  }
}

function problemOf(field: SettingField, value: unknown): string | undefined {
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${show(value)} is not true or false`;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${show(value)} is not a number`;
      if (field.type === 'integer' && !Number.isInteger(value)) return `${value} is not a whole number`;
      if (field.minimum !== undefined && value < field.minimum) return `${value} is below the minimum ${field.minimum}`;
      if (field.maximum !== undefined && value > field.maximum) return `${value} is above the maximum ${field.maximum}`;
      return undefined;
    }
    case 'string':
      if (typeof value !== 'string') return `${show(value)} is not text`;
      return field.choices === undefined || field.choices.includes(value) ? undefined : `"${value}" is not one of ${field.choices.join(', ')}`;
    case 'array':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : `${show(value)} is not a list of text`;
  }
}

function witValue(type: SettingType, value: SettingValue): WitSetting['value'] {
  switch (type) {
    case 'boolean':
      return { tag: 'boolean', val: value === true };
    case 'integer':
      return { tag: 'integer', val: BigInt(Math.trunc(Number(value))) };
    case 'number':
      return { tag: 'number', val: Number(value) };
    case 'array':
      return { tag: 'text-list', val: Array.isArray(value) ? value : [String(value)] };
    default:
      return { tag: 'text', val: String(value) };
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
