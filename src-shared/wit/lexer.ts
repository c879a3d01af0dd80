/**
 * Tokenizer for WIT text. Comments are skipped; doc comments (`///`, `/** *\/`) are attached
 * to the token that follows them.
 */

/** Position of a token or error in the source, 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

export type TokenKind = 'id' | 'version' | 'punct' | 'eof';

export interface Token extends SourcePosition {
  kind: TokenKind;
  /** Identifier text without a leading `%`, a version string, or the punctuation itself. */
  value: string;
  /** True when the identifier was written with a `%` escape (so it is never a keyword). */
  escaped: boolean;
  /** Doc comment text directly above the token ('' when absent). */
  docs: string;
}

/** A malformed WIT source, with the file and position where it went wrong. */
export class WitSyntaxError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly position: SourcePosition,
  ) {
    super(`${file}:${position.line}:${position.column}: ${message}`);
    this.name = 'WitSyntaxError';
  }
}

const PUNCTUATION = ['->', '{', '}', '(', ')', '<', '>', ',', ':', ';', '=', '.', '/', '@', '*', '_'];

function isIdStart(char: string): boolean {
  return /[A-Za-z]/.test(char);
}

function isIdPart(char: string): boolean {
  return /[A-Za-z0-9-]/.test(char);
}

/** Splits WIT source into tokens, ending with one `eof` token. */
export function tokenize(source: string, file: string): Token[] {
  return new Lexer(source, file).run();
}

class Lexer {
  private offset = 0;
  private line = 1;
  private column = 1;
  private pendingDocs: string[] = [];
  private readonly tokens: Token[] = [];

  constructor(
    private readonly source: string,
    private readonly file: string,
  ) {}

  run(): Token[] {
    for (;;) {
      this.skipTrivia();
      if (this.offset >= this.source.length) {
        this.push('eof', '', this.here(), false);
        return this.tokens;
      }
      this.readToken();
    }
  }

  private here(): SourcePosition {
    return { line: this.line, column: this.column };
  }

  private fail(message: string, at: SourcePosition = this.here()): never {
    throw new WitSyntaxError(message, this.file, at);
  }

  private advance(count: number): string {
    const text = this.source.slice(this.offset, this.offset + count);
    for (const char of text) {
      if (char === '\n') {
        this.line += 1;
        this.column = 1;
      } else {
        this.column += 1;
      }
    }
    this.offset += count;
    return text;
  }

  private startsWith(text: string): boolean {
    return this.source.startsWith(text, this.offset);
  }

  private skipTrivia(): void {
    for (;;) {
      const char = this.source[this.offset];
      if (char === undefined) return;
      if (/\s/.test(char)) {
        this.advance(1);
      } else if (this.startsWith('///') && !this.startsWith('////')) {
        this.pendingDocs.push(this.readLine().slice(3).replace(/^ /, ''));
      } else if (this.startsWith('//')) {
        this.readLine();
        this.pendingDocs = [];
      } else if (this.startsWith('/**') && !this.startsWith('/**/')) {
        this.pendingDocs.push(...blockDocLines(this.readBlockComment()));
      } else if (this.startsWith('/*')) {
        this.readBlockComment();
        this.pendingDocs = [];
      } else {
        return;
      }
    }
  }

  private readLine(): string {
    const end = this.source.indexOf('\n', this.offset);
    return this.advance((end === -1 ? this.source.length : end) - this.offset).replace(/\r$/, '');
  }

  /** Reads a (possibly nested) block comment and returns its inner text. */
  private readBlockComment(): string {
    const start = this.here();
    const begin = this.offset;
    let depth = 0;
    while (this.offset < this.source.length) {
      if (this.startsWith('/*')) {
        depth += 1;
        this.advance(2);
      } else if (this.startsWith('*/')) {
        depth -= 1;
        this.advance(2);
        if (depth === 0) return this.source.slice(begin + 2, this.offset - 2);
      } else {
        this.advance(1);
      }
    }
    return this.fail('unterminated block comment', start);
  }

  private push(kind: TokenKind, value: string, at: SourcePosition, escaped: boolean): void {
    this.tokens.push({ kind, value, escaped, docs: this.pendingDocs.join('\n').trim(), ...at });
    this.pendingDocs = [];
  }

  private readToken(): void {
    const at = this.here();
    const char = this.source[this.offset] ?? '';
    if (char === '%' || isIdStart(char)) {
      const escaped = char === '%';
      if (escaped) this.advance(1);
      if (!isIdStart(this.source[this.offset] ?? '')) this.fail('expected an identifier after `%`');
      this.push('id', this.advance(this.runLength(isIdPart)), at, escaped);
    } else if (/[0-9]/.test(char)) {
      this.push('version', this.readVersion(), at, false);
    } else {
      const punct = PUNCTUATION.find((candidate) => this.startsWith(candidate));
      if (punct === undefined) this.fail(`unexpected character ${JSON.stringify(char)}`);
      this.push('punct', this.advance(punct.length), at, false);
    }
  }

  private runLength(accept: (char: string) => boolean): number {
    let end = this.offset;
    while (end < this.source.length && accept(this.source[end] ?? '')) end += 1;
    return end - this.offset;
  }

  /** A semver (or plain number); a trailing `.` belongs to a following `.{` and is left. */
  private readVersion(): string {
    let length = this.runLength((char) => /[0-9A-Za-z.+-]/.test(char));
    while (this.source[this.offset + length - 1] === '.') length -= 1;
    return this.advance(length);
  }
}

/** Strips the leading `*` decoration from the lines of a `/** … *\/` comment. */
function blockDocLines(inner: string): string[] {
  return inner
    .slice(1)
    .split('\n')
    .map((line) => line.replace(/^\s*\*? ?/, '').trimEnd());
}
