/**
 * Fans contract events out to every connected renderer (IPC windows, WebSocket clients).
 * Services report through `emit`; shells subscribe with `on`. A listener that throws is
 * dropped from that one delivery, never from the hub or the service that emitted.
 */
import { toDisposable, type Disposable } from '../../src-shared/disposable.ts';
import type { ContractEvent } from '../../src-shared/contract/registry.ts';

export class EventHub implements Disposable {
  private readonly listeners = new Set<(event: ContractEvent) => void>();

  /** Sends `event` to every listener. */
  readonly emit = (event: ContractEvent): void => {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken connection must not stop the others or the player that emitted.
      }
    }
  };

  on(listener: (event: ContractEvent) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => void this.listeners.delete(listener));
  }

  dispose(): void {
    this.listeners.clear();
  }
}
