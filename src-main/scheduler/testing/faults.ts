/**
 * Test support for scheduler tests: lyrics queries against the fault fixtures, waiting
 * for real worker threads to exit, and counting the process's OS threads.
 */
import { readdir } from 'node:fs/promises';
import type { ComponentInstance, WorkerThreadView } from '../../runtime/component-instance.ts';

/** Asks a lyrics component for `title`; resolves with the plain text it answered. */
export async function ask(instance: ComponentInstance, title: string, options: { timeoutMs?: number; fileRoots?: string[] } = {}): Promise<string> {
  const found = (await instance.call('lyrics', 'find', [{ title }], options)) as { body: { tag: string; val?: unknown } } | undefined;
  if (!found) return '(nothing)';
  return typeof found.body.val === 'string' ? found.body.val : JSON.stringify(found.body);
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string; plugin?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected the call to fail, and it succeeded');
}

/** OS threads of this process right now (workers, their nested I/O workers, V8 and libuv threads). */
export async function osThreadCount(): Promise<number> {
  return (await readdir('/proc/self/task')).length;
}

/** Polls until `check` holds or `timeoutMs` passes; returns the last value of `read`. */
export async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}

/** Whether every thread Node reported for these workers has exited (Node sets threadId to -1). */
export function allExited(threads: WorkerThreadView[]): boolean {
  return threads.every((thread) => thread.threadId === -1);
}

/** Tracks whether a promise has settled yet, without changing it. */
export function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  tracked.catch(() => undefined);
  return { promise: tracked, settled: () => settled };
}
