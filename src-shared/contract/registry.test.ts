import { describe, expect, it } from 'vitest';
import { FugueError } from '../errors.ts';
import { fugueErrorSchema, resultSchema } from './common.ts';
import { createContractClient, events, isOperationName, operationNames, operations } from './registry.ts';

describe('the contract registry', () => {
  it('names every operation and event `<area>.<name>` in one of the areas of the app', () => {
    const pattern = /^(plugins|playback|library|lyrics|player)\.[a-z][A-Za-z]*$/;
    for (const name of [...operationNames, ...Object.keys(events)]) expect(name).toMatch(pattern);
    expect(operationNames).toHaveLength(Object.keys(operations).length);
  });

  it('generates one client function per operation, each sending its own name and params', async () => {
    const sent: [string, unknown][] = [];
    const client = createContractClient(async (op, params) => {
      sent.push([op, params]);
      return { ok: true, value: op };
    });
    for (const name of operationNames) await (client[name] as (params?: unknown) => Promise<unknown>)({ probe: name });
    expect(sent).toEqual(operationNames.map((name) => [name, { probe: name }]));
  });

  it('tells operation names from anything else a socket may send', () => {
    expect(isOperationName('plugins.list')).toBe(true);
    expect(isOperationName('toString')).toBe(false);
    expect(isOperationName('__proto__')).toBe(false);
    expect(isOperationName(42)).toBe(false);
  });

  it('carries a FugueError with its plugin identity and cause unchanged', () => {
    const error = new FugueError({ code: 'plugin-error', message: 'decoding failed', plugin: { pluginId: 'org.fugue.flac', version: '0.1.0', exportName: 'fugue:plugin/decoder@0.1.0#open' }, pluginCode: 'corrupt-data', cause: { code: 'io', message: 'short read' } });
    const wire = JSON.parse(JSON.stringify(resultSchema(operations['plugins.list'].result).parse({ ok: false, error: error.toData() })));
    expect(wire).toEqual({ ok: false, error: error.toData() });
    expect(fugueErrorSchema.safeParse({ code: 'no-such-code', message: 'x' }).success).toBe(false);
  });

  it('accepts leaving out the params of operations that take none, and refuses unknown fields', () => {
    const params = operations['playback.play'].params;
    expect(params.safeParse(undefined).success).toBe(true);
    expect(params.safeParse({}).success).toBe(true);
    expect(params.safeParse({ force: true }).success).toBe(false);
  });
});
