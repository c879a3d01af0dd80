/** Asks before a package is committed: each permission it wants, and why. */
import type { ConsentRequestView } from '../../../src-shared/contract/index.ts';
import { Dialog } from './Dialog.tsx';

interface ConsentDialogProps {
  request: ConsentRequestView;
  onAnswer(approve: boolean): void;
}

export function ConsentDialog({ request, onAnswer }: ConsentDialogProps) {
  const update = request.previousVersion === undefined ? `version ${request.version}` : `update from ${request.previousVersion} to ${request.version}`;
  return (
    <Dialog
      title={`Install ${request.name}?`}
      onCancel={() => onAnswer(false)}
      actions={
        <>
          <button type="button" className="primary" onClick={() => onAnswer(true)}>
            Install
          </button>
          <button type="button" data-autofocus onClick={() => onAnswer(false)}>
            Cancel
          </button>
        </>
      }
    >
      <p>
        {request.pluginId}, {update}, asks for:
      </p>
      <ul className="consent-list">
        {request.toAsk.map((permission) => (
          <li key={permission.key}>
            {permission.description}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
