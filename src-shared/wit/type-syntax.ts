/**
 * The WIT parser's grammar for types, type definitions and function signatures.
 */
import type { CaseSyntax, FieldSyntax, FunctionSyntax, NamedSyntax, TypeDefSyntax, TypeSyntax } from './ast.ts';
import { PRIMITIVE_ALIASES, PRIMITIVES, TokenCursor } from './cursor.ts';
import type { SourcePosition } from './lexer.ts';
import type { FunctionKind, PrimitiveName } from './model.ts';

export class TypeParser extends TokenCursor {
  /** `name: func(…) -> T;` (also `name: static func` inside resources). */
  protected namedFunction(kind: FunctionKind): FunctionSyntax {
    const name = this.declaredName('a function or type definition');
    this.expect(':', `after \`${name.value}\``);
    let actualKind = kind;
    if (kind.kind === 'method' && this.eat('static')) actualKind = { kind: 'static', resource: kind.resource };
    const func = this.functionSignature(name.value, name.docs, actualKind, name);
    this.expect(';', 'after a function');
    return func;
  }

  protected functionSignature(name: string, docs: string, kind: FunctionKind, at: SourcePosition): FunctionSyntax {
    if (this.isKeyword('async')) this.fail('async functions are not supported');
    this.expect('func', 'in a function type');
    const params = this.parameterList();
    let result: TypeSyntax | null = null;
    if (this.eat('->')) {
      if (this.isPunct('(')) this.fail('named or multiple results are not supported; return a record or tuple');
      result = this.type();
    }
    return { name, docs, kind, params, result, at: { line: at.line, column: at.column } };
  }

  protected parameterList(): FieldSyntax[] {
    this.expect('(', 'to open the parameter list');
    const params: FieldSyntax[] = [];
    while (!this.eat(')')) {
      const name = this.declaredName('a parameter name');
      this.expect(':', `after parameter \`${name.value}\``);
      params.push({ name: name.value, docs: '', type: this.type() });
      if (!this.eat(',')) {
        this.expect(')', 'or `,` in the parameter list');
        break;
      }
    }
    return params;
  }

  protected isTypeDefStart(): boolean {
    return ['record', 'variant', 'enum', 'flags', 'resource', 'type'].some((keyword) => this.isKeyword(keyword)) && this.peek(1).kind === 'id';
  }

  protected typeDef(): TypeDefSyntax {
    const keyword = this.next();
    const nameToken = this.declaredName('a type name');
    const head = { name: nameToken.value, docs: keyword.docs, at: { line: keyword.line, column: keyword.column } };
    switch (keyword.value) {
      case 'record':
        return { ...head, kind: 'record', fields: this.commaList('a record', () => this.field()) };
      case 'variant':
        return { ...head, kind: 'variant', cases: this.commaList('a variant', () => this.variantCase()) };
      case 'enum':
        return { ...head, kind: 'enum', cases: this.commaList('an enum', () => this.plainName('an enum case')) };
      case 'flags':
        return { ...head, kind: 'flags', flags: this.commaList('flags', () => this.plainName('a flag')) };
      case 'resource':
        return { ...head, kind: 'resource', functions: this.resourceBody(nameToken.value) };
      default: {
        this.expect('=', 'in a type alias');
        const target = this.type();
        this.expect(';', 'after a type alias');
        return { ...head, kind: 'alias', target };
      }
    }
  }

  protected plainName(context: string): NamedSyntax {
    this.skipGates();
    const token = this.declaredName(context);
    return { name: token.value, docs: token.docs };
  }

  protected field(): FieldSyntax {
    const named = this.plainName('a field name');
    this.expect(':', `after field \`${named.name}\``);
    return { ...named, type: this.type() };
  }

  protected variantCase(): CaseSyntax {
    const named = this.plainName('a variant case');
    if (!this.eat('(')) return { ...named, type: null };
    const type = this.type();
    this.expect(')', 'after a variant payload');
    return { ...named, type };
  }

  protected resourceBody(resource: string): FunctionSyntax[] {
    if (this.eat(';')) return [];
    const functions: FunctionSyntax[] = [];
    this.expect('{', 'to open a resource');
    for (;;) {
      this.skipGates();
      if (this.eat('}')) return functions;
      if (this.isKeyword('constructor')) {
        const keyword = this.next();
        const params = this.parameterList();
        if (this.isPunct('->')) this.fail('fallible constructors are not supported');
        this.expect(';', 'after a constructor');
        const result: TypeSyntax = { kind: 'handle', ownership: 'own', name: resource, at: keyword };
        functions.push({ name: 'constructor', docs: keyword.docs, kind: { kind: 'constructor', resource }, params, result, at: keyword });
      } else {
        functions.push(this.namedFunction({ kind: 'method', resource }));
      }
    }
  }

  protected type(): TypeSyntax {
    const token = this.identifier('a type');
    const at = { line: token.line, column: token.column };
    if (token.escaped) return { kind: 'name', name: token.value, at };
    if (PRIMITIVES.has(token.value)) return { kind: 'primitive', name: token.value as PrimitiveName };
    const alias = PRIMITIVE_ALIASES[token.value];
    if (alias !== undefined) return { kind: 'primitive', name: alias };
    switch (token.value) {
      case 'list':
        return { kind: 'list', element: this.singleTypeArgument('list') };
      case 'option':
        return { kind: 'option', inner: this.singleTypeArgument('option') };
      case 'tuple':
        return { kind: 'tuple', items: this.typeArguments('tuple') };
      case 'result':
        return this.resultType();
      case 'own':
      case 'borrow': {
        this.expect('<', `after \`${token.value}\``);
        const name = this.identifier('a resource name');
        this.expect('>', `to close \`${token.value}<\``);
        return { kind: 'handle', ownership: token.value, name: name.value, at: { line: name.line, column: name.column } };
      }
      case 'future':
      case 'stream':
      case 'error-context':
        return this.fail(`\`${token.value}\` types are not supported`, token);
      default:
        return { kind: 'name', name: token.value, at };
    }
  }

  protected singleTypeArgument(context: string): TypeSyntax {
    const [only, ...rest] = this.typeArguments(context);
    if (only === undefined || rest.length > 0) this.fail(`\`${context}\` takes exactly one type argument`);
    return only;
  }

  protected typeArguments(context: string): TypeSyntax[] {
    this.expect('<', `after \`${context}\``);
    const items = [this.type()];
    while (this.eat(',')) {
      if (this.isPunct('>')) break;
      items.push(this.type());
    }
    this.expect('>', `to close \`${context}<\``);
    return items;
  }

  protected resultType(): TypeSyntax {
    if (!this.eat('<')) return { kind: 'result', ok: null, err: null };
    const ok = this.eat('_') ? null : this.type();
    let err: TypeSyntax | null = null;
    if (this.eat(',')) err = this.type();
    else if (ok === null) this.fail('`result<_>` needs an error type: write `result` or `result<_, E>`');
    this.expect('>', 'to close `result<`');
    return { kind: 'result', ok, err };
  }
}
