/**
 * Pictures from plugins (cover art, catalog artwork) as data URLs the renderer can show
 * directly. Only raster image types pass: a plugin names the MIME type, and anything else
 * (SVG with script, HTML) must never reach the page as a URL.
 */
import type { CoverArt } from '../../src-shared/contract/playback.ts';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp', 'image/bmp']);

/** Largest picture sent to a renderer (larger ones are left out rather than slowing every client). */
const MAX_PICTURE_BYTES = 8 * 1024 * 1024;

/** The picture as a data URL, or null when its type is not a raster image or it is too large. */
export function pictureView(picture: { mimeType: string; data: Uint8Array } | undefined | null): CoverArt | null {
  if (picture === undefined || picture === null) return null;
  const mimeType = picture.mimeType.trim().toLowerCase();
  if (!IMAGE_TYPES.has(mimeType) || picture.data.length === 0 || picture.data.length > MAX_PICTURE_BYTES) return null;
  return { mimeType, dataUrl: `data:${mimeType};base64,${Buffer.from(picture.data).toString('base64')}` };
}
