/**
 * The typed contract between renderers and the host: zod schemas of every operation and
 * event, the types inferred from them, the registry the shells are generated from, and
 * the WebSocket message shapes.
 */
export * from './common.ts';
export * from './plugins.ts';
export * from './playback.ts';
export * from './library.ts';
export * from './registry.ts';
export * from './wire.ts';
export * from './socket-client.ts';
