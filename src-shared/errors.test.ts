import { describe, expect, it } from 'vitest';
import { FugueError, isFugueErrorData, toFugueErrorData } from './errors.ts';

describe('FugueError', () => {
  it('survives structured cloning (worker and IPC boundaries) with its plugin identity', () => {
    const error = new FugueError({
      code: 'plugin-error',
      pluginCode: 'corrupt-data',
      message: 'frame header CRC mismatch at byte 4096',
      plugin: { pluginId: 'org.fugue.flac', version: '1.0.0', component: 'decoder', exportName: 'fugue:plugin/decoder@0.1.0#[method]session.read' },
    });
    const received = FugueError.fromData(structuredClone(error.toData()));
    expect(received).toBeInstanceOf(FugueError);
    expect(received.code).toBe('plugin-error');
    expect(received.pluginCode).toBe('corrupt-data');
    expect(received.plugin?.exportName).toBe('fugue:plugin/decoder@0.1.0#[method]session.read');
    expect(received.message).toBe('frame header CRC mismatch at byte 4096');
  });

  it('converts anything thrown, keeping FugueErrors and known shapes as they are', () => {
    expect(toFugueErrorData(new Error('disk full'), 'io')).toEqual({ code: 'io', message: 'disk full' });
    expect(toFugueErrorData('just a string')).toEqual({ code: 'internal', message: 'just a string' });
    const data = { code: 'timeout' as const, message: 'too slow' };
    expect(toFugueErrorData(new FugueError(data))).toBe(data);
    expect(isFugueErrorData({ code: 'no-such-code', message: 'x' })).toBe(false);
  });
});
