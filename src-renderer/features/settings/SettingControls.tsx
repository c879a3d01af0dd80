/**
 * One labelled control per settings field, chosen by the field's type: a checkbox for
 * true/false, a number input with the schema's bounds, a select for a fixed set of
 * texts, a text input, and an editable list for a list of texts (a list of folders when
 * its values grant the plugin folders). A refusal of the host that names the field is
 * shown under it in an alert.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { useCommands } from '../../app-context.tsx';
import type { DraftValue, SettingFieldView } from './settings-values.ts';

interface ControlProps {
  field: SettingFieldView;
  value: DraftValue | undefined;
  issue: string | undefined;
  onChange(value: DraftValue): void;
}

export function SettingControl(props: ControlProps) {
  const id = useId();
  if (props.field.type === 'array') return <ListControl {...props} id={id} />;
  return (
    <div className="settings-field">
      <ScalarControl {...props} id={id} />
      <FieldNotes field={props.field} issue={props.issue} id={id} />
    </div>
  );
}

/** The ids of the notes FieldNotes renders for a control, for its `aria-describedby`. */
function notesOf(id: string, field: SettingFieldView, issue: string | undefined): string | undefined {
  const ids = [hintText(field) === undefined ? undefined : `${id}-hint`, issue === undefined ? undefined : `${id}-issue`].filter((entry) => entry !== undefined);
  return ids.length === 0 ? undefined : ids.join(' ');
}

function ScalarControl({ field, value, issue, onChange, id }: ControlProps & { id: string }) {
  const common = { id, 'aria-describedby': notesOf(id, field, issue), 'aria-invalid': issue !== undefined, required: field.required && field.default === undefined };
  if (field.type === 'boolean') {
    return (
      <label className="settings-check" htmlFor={id}>
        <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
        {field.title}
      </label>
    );
  }
  const text = typeof value === 'string' ? value : '';
  return (
    <>
      <label htmlFor={id}>{field.title}</label>
      {field.type === 'integer' || field.type === 'number' ? (
        <input {...common} type="number" min={field.minimum} max={field.maximum} step={field.type === 'integer' ? 1 : 'any'} value={text} onChange={(event) => onChange(event.target.value)} />
      ) : field.choices !== undefined ? (
        <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
          {field.choices.includes(text) ? null : <option value={text}>{text === '' ? '(not set)' : text}</option>}
          {field.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} type="text" value={text} onChange={(event) => onChange(event.target.value)} />
      )}
    </>
  );
}

/** The field's description with its default, if it has either. */
function hintText(field: SettingFieldView): string | undefined {
  const shownDefault = field.default === undefined || Array.isArray(field.default) ? undefined : `Default: ${String(field.default)}.`;
  const parts = [field.description, shownDefault].filter((part) => part !== undefined);
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** The description, the default and the host's refusal naming this field. */
function FieldNotes({ field, issue, id }: { field: SettingFieldView; issue: string | undefined; id: string }) {
  const hint = hintText(field);
  return (
    <>
      {hint === undefined ? null : (
        <p className="settings-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {issue === undefined ? null : (
        <p role="alert" className="settings-issue" id={`${id}-issue`}>
          {issue}
        </p>
      )}
    </>
  );
}

const GRANT_NOTE = {
  'file-roots': 'The plugin may read these folders and nothing else.',
  'network-hosts': 'The plugin may reach the hosts of these addresses.',
} as const;

function ListControl({ field, value, issue, onChange, id }: ControlProps & { id: string }) {
  const commands = useCommands();
  const [entry, setEntry] = useState('');
  const items = Array.isArray(value) ? value : [];
  const folders = field.grant === 'file-roots';
  const add = (item: string) => {
    const trimmed = item.trim();
    if (trimmed !== '' && !items.includes(trimmed)) onChange([...items, trimmed]);
    setEntry('');
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Enter adds the entry instead of submitting the whole form.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add(entry);
  };
  const choose = async () => {
    const folder = await commands.pickFolder();
    if (folder !== undefined) add(folder);
  };
  return (
    <fieldset className="settings-field settings-list" aria-describedby={notesOf(id, field, issue)}>
      <legend>{field.title}</legend>
      {items.length === 0 ? <p className="muted">{folders ? 'No folders yet.' : 'Empty.'}</p> : null}
      <ul aria-label={field.title}>
        {items.map((item) => (
          <li key={item}>
            <span className="settings-item">{item}</span>
            <button type="button" aria-label={`Remove ${item}`} onClick={() => onChange(items.filter((other) => other !== item))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="settings-add">
        <input type="text" aria-label={`${folders ? 'Folder' : 'Entry'} to add to ${field.title}`} value={entry} onChange={(event) => setEntry(event.target.value)} onKeyDown={onKeyDown} />
        <button type="button" aria-label={`Add to ${field.title}`} onClick={() => add(entry)}>
          Add
        </button>
        {folders && commands.canPickFolder() ? (
          <button type="button" onClick={() => void choose()}>
            Choose folder…
          </button>
        ) : null}
      </div>
      {/* The plugin's own description usually says what the folders are for; say what they grant only when it does not. */}
      {field.grant === undefined || field.description !== undefined ? null : <p className="settings-hint">{GRANT_NOTE[field.grant]}</p>}
      <FieldNotes field={field} issue={issue} id={id} />
    </fieldset>
  );
}
