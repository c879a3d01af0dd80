/**
 * A resource a spec file makes once for all its tests (a generated tone, a built plugin
 * version) and removes after them, registered on whichever Playwright `test` the file
 * uses, so the web specs and their Electron twins set it up the same way.
 */

/** The hooks of a Playwright `test` this needs (the web fixtures' and the Electron fixtures' both have them). */
export interface FileHooks {
  beforeAll(run: () => Promise<void>): void;
  afterAll(run: () => Promise<void>): void;
}

/** Makes the resource with `create` before the file's tests and disposes of it after them; answers a getter for the tests. */
export function oncePerFile<T extends { dispose(): Promise<void> }>(test: FileHooks, create: () => Promise<T>): () => T {
  let made: T | undefined;
  test.beforeAll(async () => {
    made = await create();
  });
  test.afterAll(async () => {
    await made?.dispose();
    made = undefined;
  });
  return () => {
    if (made === undefined) throw new Error('a file-wide resource was used outside the tests of its file');
    return made;
  };
}
