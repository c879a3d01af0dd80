/**
 * Messages of the contract over a WebSocket (the web shell). A request names an operation
 * and an id chosen by the client; the response carries the same id. Events are pushed with
 * no id. Every message is one JSON text frame.
 */
import { z } from 'zod';
import { fugueErrorSchema } from './common.ts';

/** The longest text frame either side sends or accepts. */
export const MAX_WIRE_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Client → host: call operation `op`. */
export const wireRequestSchema = z.strictObject({
  id: z.union([z.int().min(0), z.string().min(1).max(64)]),
  op: z.string().min(1).max(100),
  params: z.unknown().optional(),
});

/** Host → client: the result of request `id`. `id` is null when the request could not be read at all. */
export const wireResponseSchema = z.object({
  id: z.union([z.number(), z.string(), z.null()]),
  result: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: fugueErrorSchema })]),
});

/** Host → client: an event. */
export const wireEventSchema = z.object({ event: z.string(), payload: z.unknown() });

export type WireRequest = z.infer<typeof wireRequestSchema>;
export type WireResponse = z.infer<typeof wireResponseSchema>;
export type WireEvent = z.infer<typeof wireEventSchema>;

/** The HTTP endpoints of the web shell, shared by server and client. */
export const WEB_PATHS = {
  /** WebSocket upgrade: `?token=<token>`. */
  socket: '/api/socket',
  /** POST the bytes of a package `.zip` (header `Authorization: Bearer <token>`); answers `{ uploadId }`. */
  upload: '/api/upload',
} as const;
