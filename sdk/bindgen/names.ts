/**
 * How WIT kebab-case names become AssemblyScript identifiers.
 */

const RESERVED = new Set(
  (
    'abstract any as async await boolean break case catch class const constructor continue debugger declare default delete do ' +
    'else enum export extends false finally for from function get if implements import in instanceof interface is keyof let ' +
    'module namespace never new null number object of package private protected public readonly require return set static ' +
    'string super switch symbol this throw true try type typeof undefined unique unknown var void while with yield ' +
    'i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 v128 bool isize usize'
  ).split(' '),
);

function words(name: string): string[] {
  return name.split('-').filter((word) => word.length > 0);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** `stream-info` → `StreamInfo` (for classes, enums and their cases). */
export function pascalCase(name: string): string {
  return words(name).map(capitalize).join('');
}

/** `bits-per-sample` → `bitsPerSample`. */
export function camelCase(name: string): string {
  const [first = '', ...rest] = words(name);
  return first.toLowerCase() + rest.map(capitalize).join('');
}

/** `bits-per-sample` → `bits_per_sample` (for internal helper names). */
export function snakeCase(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_');
}

/** A camelCase identifier safe as a variable, parameter or function name (`delete` → `delete_`). */
export function identifier(name: string): string {
  const camel = camelCase(name);
  return RESERVED.has(camel) ? `${camel}_` : camel;
}

/** A property or method name: camelCase (keywords are fine after a dot in AssemblyScript). */
export function memberName(name: string): string {
  return camelCase(name);
}

/** A PascalCase identifier safe as a type name. */
export function typeIdentifier(name: string): string {
  const pascal = pascalCase(name);
  return RESERVED.has(pascal.toLowerCase()) && pascal.toLowerCase() === pascal ? `${pascal}_` : pascal;
}

/** SCREAMING_CASE is not used: flags become `Features.Seekable` constants (PascalCase). */
export const flagConstant = pascalCase;
