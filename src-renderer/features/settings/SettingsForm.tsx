/**
 * The settings form of one ability, generated from its JSON Schema as `plugins.settings`
 * describes it: one labelled control per field, starting at the saved value (else the
 * default). "Save settings" sends the typed values; the host checks them and the running
 * plugin must accept them, so a refusal is shown beside the field it names, and a success
 * in a status line. Self-contained: `<SettingsForm pluginId="…" typeId="…" />` anywhere
 * inside `<AppProvider>`.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { AbilitySettings } from '../../../src-shared/contract/index.ts';
import { useCommands } from '../../app-context.tsx';
import { SettingControl } from './SettingControls.tsx';
import { fieldIssues, initialDraft, savedText, valuesToSave, type Draft, type DraftValue } from './settings-values.ts';

export interface SettingsFormProps {
  pluginId: string;
  typeId: string;
}

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; settings: AbilitySettings };

export function SettingsForm({ pluginId, typeId }: SettingsFormProps) {
  const commands = useCommands();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    void commands.loadSettings(pluginId).then((result) => {
      if (!current) return;
      if (!result.ok) return setLoaded({ state: 'failed', message: result.error.message });
      const settings = result.value.find((entry) => entry.typeId === typeId);
      setLoaded(settings === undefined ? { state: 'failed', message: `${pluginId} has no settings for "${typeId}"` } : { state: 'ready', settings });
    });
    return () => {
      current = false;
    };
  }, [commands, pluginId, typeId]);
  if (loaded.state === 'loading') return <p className="muted">Loading settings…</p>;
  if (loaded.state === 'failed') {
    return (
      <p role="alert" className="settings-issue">
        The settings could not be read: {loaded.message}
      </p>
    );
  }
  return <LoadedForm pluginId={pluginId} settings={loaded.settings} />;
}

/** The result of the last save: nothing yet, its outcome, or the host's refusal. */
type Saved = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; text: string } | { state: 'refused'; message: string; issues: Map<string, string> };

function LoadedForm({ pluginId, settings: initial }: { pluginId: string; settings: AbilitySettings }) {
  const commands = useCommands();
  const [settings, setSettings] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(initial));
  const [saved, setSaved] = useState<Saved>({ state: 'idle' });
  const change = (key: string, value: DraftValue) => {
    setDraft((previous) => ({ ...previous, [key]: value }));
    if (saved.state === 'saved') setSaved({ state: 'idle' });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const values = valuesToSave(settings, draft);
    setSaved({ state: 'saving' });
    const result = await commands.saveSettings(pluginId, settings.typeId, values);
    if (result.ok) {
      setSettings({ ...settings, values });
      setSaved({ state: 'saved', text: savedText(result.value) });
    } else {
      setSaved({ state: 'refused', message: result.error.message, issues: fieldIssues(settings.fields, result.error.message) });
    }
  };
  const issues = saved.state === 'refused' ? saved.issues : undefined;
  return (
    <form className="settings-form" aria-label={`Settings of ${settings.displayName}`} noValidate onSubmit={(event) => void submit(event)}>
      {settings.fields.length === 0 ? <p className="muted">This ability has nothing to set.</p> : null}
      {settings.fields.map((field) => (
        <SettingControl key={field.key} field={field} value={draft[field.key]} issue={issues?.get(field.key)} onChange={(value) => change(field.key, value)} />
      ))}
      {saved.state === 'refused' && saved.issues.size === 0 ? (
        <p role="alert" className="settings-issue">
          {saved.message}
        </p>
      ) : null}
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={saved.state === 'saving'}>
          Save settings
        </button>
        <p role="status" className={saved.state === 'refused' ? 'settings-status not-saved' : 'settings-status'}>
          {saved.state === 'saved' ? saved.text : saved.state === 'refused' ? 'Not saved' : ''}
        </p>
      </div>
    </form>
  );
}
