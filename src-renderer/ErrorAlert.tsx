/**
 * The last refused operation, shown as an alert with a Dismiss button. The Player and
 * the Plugins screens each show it at their top; the error lives in the store (`error`,
 * set by the commands), so either screen shows the same one.
 */
import { useApp } from './app-context.tsx';

export function ErrorAlert() {
  const error = useApp((state) => state.error);
  const dismiss = useApp((state) => state.dismissError);
  if (error === undefined) return null;
  return (
    <div role="alert" className="alert">
      <span>{error}</span>{' '}
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
