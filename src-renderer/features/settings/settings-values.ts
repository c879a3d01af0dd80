/**
 * The values of a settings form between the host's answer and the controls: what each
 * control starts with (the saved value, else the schema's default), the typed values a
 * save sends, and which field a refusal of the host names.
 */
import type { z } from 'zod';
import type { AbilitySettings, settingFieldSchema, settingValueSchema } from '../../../src-shared/contract/index.ts';

export type SettingFieldView = z.infer<typeof settingFieldSchema>;
export type SettingValueView = z.infer<typeof settingValueSchema>;

/** What a control holds while the user edits: numbers stay text until saved. */
export type DraftValue = boolean | string | string[];
export type Draft = Record<string, DraftValue>;

/** The controls' starting values: saved over default over empty. */
export function initialDraft(settings: AbilitySettings): Draft {
  const draft: Draft = {};
  for (const field of settings.fields) draft[field.key] = toDraft(field, settings.values[field.key] ?? field.default);
  return draft;
}

function toDraft(field: SettingFieldView, value: SettingValueView | undefined): DraftValue {
  switch (field.type) {
    case 'boolean':
      return value === true;
    case 'array':
      return Array.isArray(value) ? value : [];
    default:
      return value === undefined || Array.isArray(value) ? '' : String(value);
  }
}

/**
 * The typed values a save sends. A number the user typed that is not one is sent as text,
 * so the host refuses it naming the field; an empty field that never had a value is left
 * out (the schema's default applies).
 */
export function valuesToSave(settings: AbilitySettings, draft: Draft): Record<string, SettingValueView> {
  const values: Record<string, SettingValueView> = {};
  for (const field of settings.fields) {
    const value = draft[field.key];
    if (value === undefined) continue;
    const hadValue = field.key in settings.values || field.default !== undefined;
    if (typeof value === 'string' && value.trim() === '' && (field.type !== 'string' || !hadValue)) continue;
    values[field.key] = field.type === 'integer' || field.type === 'number' ? typedNumber(value) : value;
  }
  return values;
}

function typedNumber(value: DraftValue): SettingValueView {
  if (typeof value !== 'string') return value;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}

/**
 * The parts of a refusal that name a field, by key. The host names a field as
 * `<title> (<key>)` and separates problems with `; ` (src-shared/settings/settings.ts).
 */
export function fieldIssues(fields: SettingFieldView[], message: string): Map<string, string> {
  const issues = new Map<string, string>();
  for (const part of message.split('; ')) {
    for (const field of fields) {
      const at = part.indexOf(`${field.title} (${field.key})`);
      if (at < 0) continue;
      const issue = part.slice(at);
      issues.set(field.key, issues.has(field.key) ? `${issues.get(field.key)}; ${issue}` : issue);
      break;
    }
  }
  return issues;
}

/** What the status says after a save, by the host's outcome. */
export function savedText(outcome: 'applied' | 'needs-recreate' | 'saved'): string {
  switch (outcome) {
    case 'applied':
      return 'Saved';
    case 'needs-recreate':
      return 'Saved; the plugin rebuilds what uses them';
    case 'saved':
      return 'Saved; the plugin uses them when it next starts';
  }
}
