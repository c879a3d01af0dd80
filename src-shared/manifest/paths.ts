/**
 * Paths inside a plugin package, as written in plugin.json and as stored in a zip.
 * A package path is relative, uses `/`, never climbs out of the package root, and is
 * kept in one normal form so a manifest path and an archive entry compare equal.
 */

/** A path that passed {@link normalizePackagePath}, or why it did not. */
export type PackagePathCheck = { ok: true; path: string } | { ok: false; reason: string };

const DRIVE_LETTER = /^[A-Za-z]:/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Checks a package-relative path and returns its normal form: `.` and empty segments
 * removed (`./lib//a.wasm` → `lib/a.wasm`). Refuses absolute paths, drive letters,
 * backslashes, `..` segments, control characters, and paths that name the root itself.
 */
export function normalizePackagePath(path: string): PackagePathCheck {
  if (path.includes('\\')) {
    return { ok: false, reason: 'uses a backslash; separate folders with "/"' };
  }
  if (path.startsWith('/')) {
    return { ok: false, reason: 'is absolute; write it relative to the package root, without a leading "/"' };
  }
  if (DRIVE_LETTER.test(path)) {
    return { ok: false, reason: 'starts with a drive letter; write it relative to the package root' };
  }
  if (CONTROL_CHARACTER.test(path)) {
    return { ok: false, reason: 'contains a control character' };
  }
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    return { ok: false, reason: 'contains a ".." segment; every file must stay inside the package root' };
  }
  if (segments.length === 0) {
    return { ok: false, reason: 'names no file; give a path such as "main.wasm"' };
  }
  return { ok: true, path: segments.join('/') };
}
