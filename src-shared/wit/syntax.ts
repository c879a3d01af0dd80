/**
 * Recursive-descent parser from tokens to the syntax tree (names unresolved): packages
 * (also nested `package … { }` blocks), interfaces, worlds and `use`. Feature gates
 * (`@since`, `@unstable`, `@deprecated`) are accepted and ignored.
 */
import type { ExternSyntax, FileSyntax, InterfaceBodySyntax, InterfacePath, InterfaceSyntax, PackageSyntax, UseSyntax, WorldSyntax } from './ast.ts';
import { tokenize, type Token } from './lexer.ts';
import type { PackageName } from './model.ts';
import { TypeParser } from './type-syntax.ts';

/** Parses one WIT file into its syntax tree. Throws `WitSyntaxError` with line:column. */
export function parseFileSyntax(source: string, file: string): FileSyntax {
  return new Parser(tokenize(source, file), file).parseFile();
}

class Parser extends TypeParser {
  private readonly nestedPackages: PackageSyntax[] = [];

  constructor(tokens: Token[], file: string) {
    super(tokens, file);
  }

  parseFile(): FileSyntax {
    this.skipGates();
    const docs = this.peek().docs;
    if (!this.isKeyword('package')) this.fail('a WIT file must start with `package ns:name[@version];`');
    this.next();
    const name = this.packageName();
    const root = this.emptyPackage(name, docs);
    const packages = [root];
    if (this.eat('{')) {
      this.packageBody(root, '}');
    } else {
      this.expect(';', 'after the package name');
      this.packageBody(root, null);
    }
    for (const nested of this.nestedPackages) packages.push(nested);
    return { file: this.file, packages };
  }

  protected emptyPackage(name: PackageName, docs: string): PackageSyntax {
    return { name, docs, file: this.file, interfaces: [], worlds: [], aliases: [] };
  }

  protected packageName(): PackageName {
    const namespace = this.identifier('a package namespace').value;
    this.expect(':', 'between package namespace and name');
    const name = this.identifier('a package name').value;
    return { namespace, name, version: this.optionalVersion() };
  }

  /** Items of a package until `close` (or end of input when close is null). */
  protected packageBody(pkg: PackageSyntax, close: string | null): void {
    for (;;) {
      this.skipGates();
      if (close === null ? this.peek().kind === 'eof' : this.eat(close)) return;
      const token = this.peek();
      if (this.isKeyword('interface')) pkg.interfaces.push(this.interfaceItem());
      else if (this.isKeyword('world')) pkg.worlds.push(this.worldItem());
      else if (this.isKeyword('use')) pkg.aliases.push(this.topLevelUse());
      else if (this.isKeyword('package') && close === null) this.nestedPackage();
      else this.fail(`expected \`interface\`, \`world\`, \`use\` or \`package\`, found ${this.describe(token)}`);
    }
  }

  protected nestedPackage(): void {
    const docs = this.next().docs;
    const nested = this.emptyPackage(this.packageName(), docs);
    this.expect('{', 'to open a nested package');
    this.packageBody(nested, '}');
    this.nestedPackages.push(nested);
  }

  protected topLevelUse(): { path: InterfacePath; as: string } {
    this.next();
    const path = this.interfacePath();
    const as = this.eat('as') ? this.identifier('an alias name').value : path.name;
    this.expect(';', 'after a top-level `use`');
    return { path, as };
  }

  /** `name`, `ns:pkg/name` or `ns:pkg/name@version`. */
  protected interfacePath(): InterfacePath {
    const first = this.identifier('an interface name');
    if (!this.isPunct(':')) return { package: null, name: first.value, at: first };
    this.next();
    const pkg = this.identifier('a package name').value;
    this.expect('/', 'between package and interface name');
    const name = this.identifier('an interface name').value;
    const version = this.optionalVersion();
    return { package: { namespace: first.value, name: pkg, version }, name, at: first };
  }

  protected interfaceItem(): InterfaceSyntax {
    const keyword = this.next();
    const name = this.declaredName('an interface name');
    return { name: name.value, docs: keyword.docs, at: keyword, ...this.interfaceBody() };
  }

  protected interfaceBody(): InterfaceBodySyntax {
    const body: InterfaceBodySyntax = { typeDefs: [], functions: [], uses: [] };
    this.expect('{', 'to open the interface');
    for (;;) {
      this.skipGates();
      if (this.eat('}')) return body;
      if (this.isKeyword('use')) body.uses.push(this.useItem());
      else if (this.isTypeDefStart()) body.typeDefs.push(this.typeDef());
      else body.functions.push(this.namedFunction({ kind: 'freestanding' }));
    }
  }

  protected useItem(): UseSyntax {
    this.next();
    const path = this.interfacePath();
    this.expect('.', 'before the `{` of a `use`');
    const names = this.commaList('a `use` list', () => {
      const name = this.identifier('a type name');
      const as = this.eat('as') ? this.identifier('an alias name').value : name.value;
      return { name: name.value, as, at: { line: name.line, column: name.column } };
    });
    this.expect(';', 'after a `use`');
    return { path, names };
  }

  protected worldItem(): WorldSyntax {
    const keyword = this.next();
    const name = this.declaredName('a world name');
    const world: WorldSyntax = { name: name.value, docs: keyword.docs, at: keyword, imports: [], exports: [], includes: [], typeDefs: [], uses: [] };
    this.expect('{', 'to open the world');
    for (;;) {
      this.skipGates();
      if (this.eat('}')) return world;
      if (this.isKeyword('import') || this.isKeyword('export')) {
        const direction = this.next();
        (direction.value === 'import' ? world.imports : world.exports).push(this.externItem(direction.docs));
      } else if (this.isKeyword('use')) world.uses.push(this.useItem());
      else if (this.isKeyword('include')) world.includes.push(this.includeItem());
      else if (this.isTypeDefStart()) world.typeDefs.push(this.typeDef());
      else this.fail(`expected \`import\`, \`export\`, \`use\`, \`include\` or a type in a world, found ${this.describe(this.peek())}`);
    }
  }

  protected includeItem(): InterfacePath {
    this.next();
    const path = this.interfacePath();
    if (this.isKeyword('with')) this.fail('`include … with` is not supported');
    this.expect(';', 'after `include`');
    return path;
  }

  protected externItem(docs: string): ExternSyntax {
    const isNamed = this.peek().kind === 'id' && this.isPunct(':', 1) && this.peek(2).kind === 'id' && !this.isPunct('/', 3);
    if (!isNamed) {
      const path = this.interfacePath();
      this.expect(';', 'after an imported or exported interface');
      return { kind: 'path', path };
    }
    const name = this.identifier('an import or export name');
    this.expect(':', `after \`${name.value}\``);
    if (this.eat('interface')) {
      const body = this.interfaceBody();
      return { kind: 'inline-interface', name: name.value, docs: docs || name.docs, body, at: name };
    }
    const func = this.functionSignature(name.value, docs || name.docs, { kind: 'freestanding' }, name);
    this.expect(';', 'after a function');
    return { kind: 'function', func };
  }
}
