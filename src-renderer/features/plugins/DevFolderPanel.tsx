/**
 * Dev "Load folder…": runs a plugin from its project folder (`plugins.devLink`), so a
 * rebuild reloads it live. The browser cannot open a native folder picker, so the path is
 * typed; a shell that has a picker (Electron) adds "Choose folder…" to fill it in.
 */
import { useState, type FormEvent } from 'react';
import { useCommands } from '../../app-context.tsx';

export function DevFolderPanel() {
  const commands = useCommands();
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = folder.trim();
    if (trimmed === '' || busy) return;
    setBusy(true);
    const linked = await commands.devLink(trimmed);
    setBusy(false);
    if (linked) setFolder('');
  };
  const choose = async () => {
    const picked = await commands.pickFolder();
    if (picked !== undefined) setFolder(picked);
  };
  return (
    <form className="dev-folder" aria-label="Load a plugin folder (dev mode)" onSubmit={(event) => void submit(event)}>
      <label htmlFor="dev-folder-path">Plugin folder</label>
      <input id="dev-folder-path" type="text" value={folder} placeholder="/path/to/my-plugin" aria-describedby="dev-folder-hint" onChange={(event) => setFolder(event.target.value)} />
      {commands.canPickFolder() ? (
        <button type="button" onClick={() => void choose()}>
          Choose folder…
        </button>
      ) : null}
      <button type="submit" disabled={busy || folder.trim() === ''}>
        Load folder
      </button>
      <p id="dev-folder-hint" className="muted">
        Runs the plugin from its project folder with a dev badge and reloads it when its files change.
      </p>
    </form>
  );
}
