/** A line-based code writer with indentation and fresh temporary names. */
export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;
  private counter = 0;

  /** A fresh local name (`$0`, `$1`, …), unique within this writer. */
  temp(): string {
    const name = `$${this.counter}`;
    this.counter += 1;
    return name;
  }

  line(text = ''): this {
    this.lines.push(text === '' ? '' : `${'  '.repeat(this.depth)}${text}`);
    return this;
  }

  /** Writes `head {`, the body one level deeper, then `}` (plus `tail`, e.g. ` else {`). */
  block(head: string, body: () => void, close = '}'): this {
    this.line(`${head} {`);
    this.depth += 1;
    body();
    this.depth -= 1;
    this.line(close);
    return this;
  }

  /** Writes `if (condition) { … } else { … }`. */
  ifElse(condition: string, then: () => void, otherwise: () => void): this {
    this.line(`if (${condition}) {`);
    this.depth += 1;
    then();
    this.depth -= 1;
    this.line('} else {');
    this.depth += 1;
    otherwise();
    this.depth -= 1;
    return this.line('}');
  }

  /** Writes a `/** … *\/` doc comment from WIT docs (nothing when empty). */
  docs(text: string): this {
    if (text.trim() === '') return this;
    const lines = text.split('\n');
    if (lines.length === 1) return this.line(`/** ${escapeDoc(text)} */`);
    this.line('/**');
    for (const line of lines) this.line(line === '' ? ' *' : ` * ${escapeDoc(line)}`);
    return this.line(' */');
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function escapeDoc(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}
