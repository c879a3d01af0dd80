/**
 * Token-level helpers of the WIT parser: looking ahead, consuming punctuation and keywords,
 * names, comma lists, versions and feature gates, with `file:line:column` errors.
 */
import { WitSyntaxError, type SourcePosition, type Token } from './lexer.ts';
import type { PrimitiveName } from './model.ts';

export const PRIMITIVES = new Set<string>(['bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'string']);
/** Words a declared name may only use with a `%` escape. */
export const KEYWORDS = new Set([
  ...PRIMITIVES, 'float32', 'float64', 'use', 'type', 'func', 'resource', 'own', 'borrow', 'record', 'flags', 'variant', 'enum', 'option', 'result',
  'future', 'stream', 'error-context', 'list', 'tuple', 'as', 'from', 'static', 'interface', 'import', 'export', 'world', 'package', 'constructor', 'async', 'include', 'with',
]);
export const PRIMITIVE_ALIASES: Record<string, PrimitiveName> = { float32: 'f32', float64: 'f64' };

export class TokenCursor {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    protected readonly file: string,
  ) {}

  protected peek(ahead = 0): Token {
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
    if (token === undefined) throw new Error('token stream is empty');
    return token;
  }

  protected next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  protected fail(message: string, at: SourcePosition = this.peek()): never {
    throw new WitSyntaxError(message, this.file, { line: at.line, column: at.column });
  }

  protected describe(token: Token): string {
    if (token.kind === 'eof') return 'end of input';
    return token.kind === 'version' ? `version \`${token.value}\`` : `\`${token.value}\``;
  }

  protected isPunct(value: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.value === value;
  }

  protected isKeyword(value: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'id' && !token.escaped && token.value === value;
  }

  protected eat(value: string): boolean {
    if (this.isPunct(value) || this.isKeyword(value)) {
      this.index += 1;
      return true;
    }
    return false;
  }

  protected expect(value: string, context: string): Token {
    const token = this.peek();
    if (!this.eat(value)) this.fail(`expected \`${value}\` ${context}, found ${this.describe(token)}`);
    return token;
  }

  protected identifier(context: string): Token {
    const token = this.peek();
    if (token.kind !== 'id') this.fail(`expected ${context}, found ${this.describe(token)}`);
    return this.next();
  }

  /** A name being declared: keywords must be written with `%`. */
  protected declaredName(context: string): Token {
    const token = this.identifier(context);
    if (!token.escaped && KEYWORDS.has(token.value)) this.fail(`\`${token.value}\` is a keyword; write \`%${token.value}\` to use it as a name`, token);
    return token;
  }

  /** Parses `{ item, item, … }` where items are separated by commas (trailing allowed). */
  protected commaList<T>(context: string, item: () => T): T[] {
    this.expect('{', `to open ${context}`);
    const items: T[] = [];
    while (!this.eat('}')) {
      items.push(item());
      if (!this.eat(',')) {
        this.expect('}', `or \`,\` in ${context}`);
        break;
      }
    }
    return items;
  }

  /** `@since(version = 1.0.0)`, `@unstable(feature = x)`, `@deprecated(version = 1.0.0)`. */
  protected skipGates(): void {
    while (this.isPunct('@') && this.peek(1).kind === 'id') {
      this.next();
      this.next();
      this.expect('(', 'after a feature gate');
      while (!this.eat(')')) {
        if (this.peek().kind === 'eof') this.fail('unterminated feature gate');
        this.next();
      }
    }
  }

  protected optionalVersion(): string | undefined {
    if (!this.eat('@')) return undefined;
    const token = this.peek();
    if (token.kind !== 'version') this.fail(`expected a version after \`@\`, found ${this.describe(token)}`);
    this.next();
    return token.value;
  }
}
