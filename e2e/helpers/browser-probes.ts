/**
 * What a page can find out about the web shell with the browser's own APIs: whether a
 * WebSocket to it opens (and what `plugins.list` answers on it), and what an upload
 * answers. Everything resolves on the socket's or the request's own events.
 */
import type { Page } from '@playwright/test';

export interface SocketProbe {
  opened: boolean;
  /** The close code when the socket closed before answering (1006: refused during the handshake). */
  closeCode?: number;
  /** The result of `plugins.list` when the socket opened. */
  answer?: { ok: boolean };
}

/** Opens `url` from inside `page`, asks `plugins.list`, and reports what happened. */
export function probeSocket(page: Page, url: string): Promise<SocketProbe> {
  return page.evaluate(
    (target) =>
      new Promise<SocketProbe>((resolve) => {
        const socket = new WebSocket(target);
        let opened = false;
        socket.onopen = () => {
          opened = true;
          socket.send(JSON.stringify({ id: 'probe', op: 'plugins.list' }));
        };
        socket.onmessage = (message: MessageEvent<string>) => {
          const reply = JSON.parse(message.data) as { id?: unknown; result?: { ok: boolean } };
          if (reply.id !== 'probe') return;
          resolve({ opened, ...(reply.result === undefined ? {} : { answer: reply.result }) });
          socket.close();
        };
        socket.onclose = (event) => resolve({ opened, closeCode: event.code });
      }),
    url,
  );
}

/** POSTs a few bytes to the upload endpoint from inside `page`; answers the status and body, or the network error. */
export function probeUpload(page: Page, url: string, token: string): Promise<{ status?: number; body?: string; error?: string }> {
  return page.evaluate(
    async ({ target, bearer }) => {
      try {
        const response = await fetch(target, { method: 'POST', headers: { Authorization: `Bearer ${bearer}` }, body: new Uint8Array([80, 75, 3, 4]) });
        return { status: response.status, body: await response.text() };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { target: url, bearer: token },
  );
}
