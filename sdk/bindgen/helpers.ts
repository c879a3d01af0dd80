/**
 * The internal `abi.ts` file: lift/lower helper functions generated once per type and
 * referenced from every other generated file as `$abi.<name>`.
 */
import type { FileScope } from './context.ts';
import { CodeWriter } from './writer.ts';

export const ABI_MODULE = 'abi';
export const ABI_ALIAS = '$abi';

export class HelperFile {
  readonly scope: FileScope = { module: ABI_MODULE, used: new Set() };
  private readonly bodies = new Map<string, string>();
  private readonly building = new Set<string>();
  /** Declarations that must come before helpers (externals, tables, return areas). */
  private readonly preamble: string[] = [];

  /** Defines `name` once (built on first use) and returns how `scope` refers to it. */
  use(name: string, scope: FileScope, build: (out: CodeWriter) => void): string {
    if (!this.bodies.has(name) && !this.building.has(name)) {
      this.building.add(name);
      const out = new CodeWriter();
      build(out);
      this.building.delete(name);
      this.bodies.set(name, out.toString());
    }
    return this.ref(name, scope);
  }

  /** How `scope` refers to an exported name of this file. */
  ref(name: string, scope: FileScope): string {
    if (scope.module === ABI_MODULE) return name;
    scope.used.add(ABI_ALIAS);
    return `${ABI_ALIAS}.${name}`;
  }

  addPreamble(text: string): void {
    this.preamble.push(text);
  }

  /** The helper bodies, in the order they were first requested. */
  render(): string {
    return [...this.preamble, ...this.bodies.values()].join('\n');
  }
}
