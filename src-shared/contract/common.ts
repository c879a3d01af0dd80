/**
 * Shapes every part of the contract shares: the error that crosses the boundary, the
 * `{ok, value} | {ok, error}` envelope around every result, and small building blocks.
 */
import { z } from 'zod';
import { FUGUE_ERROR_CODES, type FugueErrorData } from '../errors.ts';
import { ABILITY_KINDS } from '../manifest/constants.ts';
import { PLUGIN_ID_PATTERN } from '../manifest/schema.ts';

/** Which plugin an error came from (see {@link FugueErrorData}). */
export const pluginIdentitySchema = z.object({
  pluginId: z.string(),
  version: z.string().optional(),
  component: z.string().optional(),
  exportName: z.string().optional(),
});

/** {@link FugueErrorData} as a schema: the one error shape of every boundary. */
export const fugueErrorSchema: z.ZodType<FugueErrorData> = z.lazy(() =>
  z.object({
    code: z.enum(FUGUE_ERROR_CODES),
    message: z.string(),
    plugin: pluginIdentitySchema.optional(),
    pluginCode: z.string().optional(),
    cause: z.union([fugueErrorSchema, z.object({ message: z.string() })]).optional(),
  }),
);

/** The envelope of every operation's answer: a value, or an error as data (never a throw). */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: fugueErrorSchema })]);
}

/** The params of an operation that takes none. */
export const noParams = z.strictObject({}).optional();

/** An answer that carries nothing but success. */
export const done = z.object({ done: z.literal(true) });

/** A plugin id as plugin.json spells it (`org.fugue.flac`). */
export const pluginIdSchema = z.string().regex(PLUGIN_ID_PATTERN, 'must be a plugin id such as "org.fugue.flac"');

/** One of the ability kinds of plugin.json. */
export const abilityKindSchema = z.enum(ABILITY_KINDS);

/** Milliseconds since the epoch, as the catalog records times. */
export const timestampSchema = z.number();
