/**
 * A WIT package may span several files, each opening with the same `package` line.
 * jco's API takes one source string, so the files are joined under one declaration.
 */

/** One `.wit` file of a package. */
export interface WitFile {
  name: string;
  text: string;
}

const PACKAGE_LINE = /^\s*package\s+([a-z][a-z0-9-]*:[a-z][a-z0-9-]*(?:@[0-9A-Za-z.+-]+)?)\s*;/m;

/** The package name declared by a file, e.g. `fugue:plugin@0.1.0`, or undefined. */
export function declaredPackage(text: string): string | undefined {
  return PACKAGE_LINE.exec(text)?.[1];
}

/**
 * Joins the files of one package (sorted by name for a stable result) into a single
 * source with one `package` declaration. Throws when files declare different packages.
 */
export function combineWitFiles(files: readonly WitFile[]): string {
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set(sorted.map((file) => declaredPackage(file.text)).filter((name) => name !== undefined));
  if (names.size !== 1) {
    throw new Error(`WIT files must declare exactly one package; found ${names.size === 0 ? 'none' : [...names].join(', ')}`);
  }
  const [name] = names;
  const bodies = sorted.map((file) => `// ${file.name}\n${file.text.replace(PACKAGE_LINE, '')}`);
  return `package ${name};\n${bodies.join('\n')}`;
}
