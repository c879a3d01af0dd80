import { expect, it } from 'vitest';
import { pictureView } from './pictures.ts';

it('turns raster pictures into data URLs and refuses types a page could run', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  expect(pictureView({ mimeType: 'Image/PNG', data: png })).toEqual({ mimeType: 'image/png', dataUrl: 'data:image/png;base64,iVBORw==' });
  expect(pictureView({ mimeType: 'image/svg+xml', data: new TextEncoder().encode('<svg onload="alert(1)"/>') })).toBeNull();
  expect(pictureView({ mimeType: 'text/html', data: png })).toBeNull();
  expect(pictureView({ mimeType: 'image/png', data: new Uint8Array() })).toBeNull();
  expect(pictureView(undefined)).toBeNull();
});
