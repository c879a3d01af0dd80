/**
 * Drag-and-drop of a file from the desktop, as the page sees it: a `File` made from the
 * package's bytes (read in Node, sent as base64), put in a `DataTransfer`, and dispatched
 * as `dragenter` → `dragover` → `drop` on the target. Playwright's own drag works between
 * elements of the page only, so a drop from outside is built by hand.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Locator } from '@playwright/test';

export async function dropFile(target: Locator, path: string, type = 'application/zip'): Promise<void> {
  const file = { name: basename(path), type, base64: (await readFile(path)).toString('base64') };
  await target.evaluate((element, { name, type: mime, base64 }) => {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: mime }));
    for (const kind of ['dragenter', 'dragover', 'drop']) {
      element.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, file);
}
