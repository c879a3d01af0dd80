/**
 * Installing a package: the "Install plugin…" button (a file picker), a drop zone for
 * dragged packages, the progress of the install in flight and the consent it may ask.
 */
import { useRef, useState, type DragEvent } from 'react';
import { installStepSchema } from '../../../src-shared/contract/index.ts';
import { useApp, useCommands } from '../../app-context.tsx';
import { ConsentDialog } from './ConsentDialog.tsx';

/** Steps counted by the progress bar, in the order the host reports them. */
const STEPS: readonly string[] = installStepSchema.options.filter((step) => step !== 'failed');

export function InstallPanel() {
  const commands = useCommands();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const busy = useApp((state) => state.install !== undefined && state.install.result === undefined);

  const installFirst = (files: FileList | null) => {
    const file = files?.[0];
    if (file !== undefined && !busy) void commands.install(file);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    installFirst(event.dataTransfer.files);
  };
  const onDragOver = (event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    setDragging(true);
  };

  return (
    <section className={dragging ? 'drop-zone dragging' : 'drop-zone'} aria-label="Drop a plugin package here" onDragOver={onDragOver} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <p>Drop a plugin package (.zip) here, or</p>
      <button type="button" className="primary" disabled={busy} onClick={() => input.current?.click()}>
        Install plugin…
      </button>
      <input
        ref={input}
        // Hidden: the button above opens it, so the page has one control named "Install plugin…".
        hidden
        type="file"
        accept=".zip,application/zip"
        onChange={(event) => {
          installFirst(event.target.files);
          event.target.value = '';
        }}
      />
      <InstallProgress />
    </section>
  );
}

function InstallProgress() {
  const install = useApp((state) => state.install);
  const commands = useCommands();
  const clear = useApp((state) => state.setInstall);
  if (install === undefined) return null;
  const index = install.step === 'uploading' ? 0 : STEPS.indexOf(install.step) + 1;
  return (
    <div className="install-progress">
      {install.result === undefined ? (
        <label>
          Installing {install.fileName}: {install.step}
          <progress max={STEPS.length} value={Math.max(index, 0)} />
        </label>
      ) : (
        <p role="status">
          Installed: {install.result}{' '}
          <button type="button" onClick={() => clear(undefined)}>
            Dismiss
          </button>
        </p>
      )}
      {install.consent === undefined ? null : <ConsentDialog request={install.consent} onAnswer={(approve) => void commands.answerConsent(approve)} />}
    </div>
  );
}
