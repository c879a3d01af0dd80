/**
 * One WebSocket connection carrying the contract: requests `{id, op, params}` answered
 * with `{id, result}`, events pushed as `{event, payload}`. A malformed message gets an
 * error answer (the connection stays up); nothing a client sends can throw in the host.
 */
import type { WebSocket } from 'ws';
import { isOperationName } from '../../src-shared/contract/registry.ts';
import { wireRequestSchema, type WireResponse } from '../../src-shared/contract/wire.ts';
import type { Disposable } from '../../src-shared/disposable.ts';
import type { ContractHost } from '../contract/handlers.ts';

export function attachSession(socket: WebSocket, host: ContractHost): Disposable {
  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const subscription = host.events.on((event) => send(event));
  socket.on('message', (data, isBinary) => {
    void answer(host, isBinary ? undefined : data.toString()).then(send);
  });
  socket.on('close', () => subscription.dispose());
  return subscription;
}

async function answer(host: ContractHost, text: string | undefined): Promise<WireResponse> {
  const invalid = (id: WireResponse['id'], message: string): WireResponse => ({ id, result: { ok: false, error: { code: 'invalid-argument', message } } });
  if (text === undefined) return invalid(null, 'send requests as JSON text frames');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid(null, 'the message is not JSON; send {"id", "op", "params"}');
  }
  const request = wireRequestSchema.safeParse(parsed);
  if (!request.success) return invalid(idOf(parsed), `the message is not a request: ${request.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ')}`);
  const { id, op, params } = request.data;
  if (!isOperationName(op)) return { id, result: { ok: false, error: { code: 'not-found', message: `"${op}" is not an operation of the contract` } } };
  return { id, result: await host.handlers[op](params) };
}

function idOf(message: unknown): WireResponse['id'] {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}
