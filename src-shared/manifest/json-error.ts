/**
 * Finds where and why JSON text is invalid. `JSON.parse` errors differ between engines
 * and often carry no position, so a plugin author would be left searching; this small
 * scanner walks the JSON grammar and stops at the first mistake.
 */

/** The first syntax error of `text`: a 0-based offset and a reason, or undefined when valid. */
export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

class Failure {
  constructor(readonly error: JsonSyntaxError) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** Scans `text` as JSON and returns its first syntax error. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return undefined;
  } catch (caught) {
    if (caught instanceof Failure) return caught.error;
    throw caught;
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

class Scanner {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.value();
    this.skipWhitespace();
    if (this.at < this.text.length) this.fail('unexpected text after the end of the JSON value');
  }

  private value(): void {
    this.skipWhitespace();
    const char = this.text[this.at];
    if (char === '{') return this.container('}', () => this.member());
    if (char === '[') return this.container(']', () => this.value());
    if (char === '"') return this.string();
    if (this.literal('true') || this.literal('false') || this.literal('null')) return;
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(this.text);
    if (number === null || number[0] === '') {
      this.fail(char === undefined ? 'the text ends where a value should be' : `expected a value, found ${JSON.stringify(char)}`);
    }
    this.at += number[0].length;
  }

  private container(close: string, item: () => void): void {
    this.at += 1;
    this.skipWhitespace();
    if (this.text[this.at] === close) return void (this.at += 1);
    for (;;) {
      item();
      this.skipWhitespace();
      const char = this.text[this.at];
      if (char === close) return void (this.at += 1);
      if (char !== ',') this.fail(`expected "," or "${close}"${char === undefined ? ', but the text ends' : ''}`);
      const comma = this.at;
      this.at += 1;
      this.skipWhitespace();
      if (this.text[this.at] === close) this.fail(`trailing comma before "${close}"; remove it`, comma);
    }
  }

  private member(): void {
    this.skipWhitespace();
    if (this.text[this.at] !== '"') this.fail('expected a property name in double quotes');
    this.string();
    this.skipWhitespace();
    if (this.text[this.at] !== ':') this.fail('expected ":" after the property name');
    this.at += 1;
    this.value();
  }

  private string(): void {
    const start = this.at;
    this.at += 1;
    for (;;) {
      const char = this.text[this.at];
      if (char === undefined) this.fail('string is never closed; add the closing "', start);
      if (char === '"') return void (this.at += 1);
      if (char === '\\') {
        ESCAPE.lastIndex = this.at;
        if (!ESCAPE.test(this.text)) this.fail('invalid escape sequence');
        this.at = ESCAPE.lastIndex;
      } else if (char < ' ') {
        this.fail(char === '\n' ? 'line break inside a string; close the string or write \\n' : 'control character inside a string');
      } else this.at += 1;
    }
  }

  private literal(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false;
    this.at += word.length;
    return true;
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.test(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  private fail(reason: string, offset = this.at): never {
    throw new Failure({ offset, reason });
  }
}
