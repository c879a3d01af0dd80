// A small XML reader for feeds: elements, attributes, text, CDATA and the predefined and
// numeric entities. Comments, processing instructions and DOCTYPE are skipped. It is
// strict where feeds break in practice (unclosed or mismatched tags, text outside the
// root) and says where, so a broken feed is reported instead of half-read.

const NAMED = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export class XmlError extends Error {}

export function decodeEntities(value) {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (whole, name) => {
    if (name[0] !== '#') return NAMED[name] ?? whole;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const lineAt = (source, index) => source.slice(0, index).split('\n').length;

function parseAttributes(source, raw, at) {
  const attributes = {};
  const pattern = /([^\s=/]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let match;
  let consumed = 0;
  while ((match = pattern.exec(raw)) !== null) {
    if (raw.slice(consumed, match.index).trim() !== '') break;
    attributes[match[1]] = decodeEntities(match[3] ?? match[4]);
    consumed = pattern.lastIndex;
  }
  if (raw.slice(consumed).trim() !== '') throw new XmlError(`a malformed attribute on line ${lineAt(source, at)}`);
  return attributes;
}

/** Skips `<!-- -->`, `<? ?>`, `<!DOCTYPE …>`; returns the index after it, or -1 when `at` starts none. */
function skipMarkup(source, at) {
  if (source.startsWith('<!--', at)) return closeOf(source, at, '-->');
  if (source.startsWith('<?', at)) return closeOf(source, at, '?>');
  if (source.startsWith('<!DOCTYPE', at) || source.startsWith('<!doctype', at)) {
    const bracket = source.indexOf('[', at);
    const end = source.indexOf('>', at);
    return bracket >= 0 && bracket < end ? closeOf(source, bracket, ']>') : end + 1;
  }
  return -1;
}

function closeOf(source, at, marker) {
  const end = source.indexOf(marker, at);
  if (end < 0) throw new XmlError(`a comment or declaration starting on line ${lineAt(source, at)} never ends`);
  return end + marker.length;
}

/** Parses a document into `{ name, attributes, children, text }` elements; returns the root. */
export function parseXml(source) {
  const stack = [];
  let root;
  let at = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at < source.length) {
    const open = source.indexOf('<', at);
    const textEnd = open < 0 ? source.length : open;
    addText(source, stack, at, textEnd);
    if (open < 0) break;
    const skipped = skipMarkup(source, open);
    if (skipped >= 0) {
      at = skipped;
    } else if (source.startsWith('<![CDATA[', open)) {
      const end = closeOf(source, open, ']]>');
      if (stack.length === 0) throw new XmlError(`CDATA outside the root element on line ${lineAt(source, open)}`);
      stack[stack.length - 1].text += source.slice(open + 9, end - 3);
      at = end;
    } else {
      const close = source.indexOf('>', open);
      if (close < 0) throw new XmlError(`a tag on line ${lineAt(source, open)} never ends`);
      root = tag(source, stack, open, close) ?? root;
      at = close + 1;
    }
  }
  if (stack.length > 0) throw new XmlError(`<${stack[stack.length - 1].name}> is never closed`);
  if (root === undefined) throw new XmlError('there is no XML element in it');
  return root;
}

function addText(source, stack, from, to) {
  const value = source.slice(from, to);
  if (stack.length > 0) stack[stack.length - 1].text += decodeEntities(value);
  else if (value.trim() !== '') throw new XmlError(`text outside the root element on line ${lineAt(source, from)}`);
}

/** Handles one tag; returns the root element when it closes. */
function tag(source, stack, open, close) {
  const body = source.slice(open + 1, close);
  if (body.startsWith('/')) {
    const name = body.slice(1).trim();
    const top = stack.pop();
    if (top === undefined || top.name !== name) {
      throw new XmlError(`</${name}> on line ${lineAt(source, open)} does not close ${top === undefined ? 'any element' : `<${top.name}>`}`);
    }
    return stack.length === 0 ? top : undefined;
  }
  const selfClosing = body.endsWith('/');
  const inner = selfClosing ? body.slice(0, -1) : body;
  const name = /^[^\s/>]+/.exec(inner)?.[0];
  if (name === undefined) throw new XmlError(`an empty tag on line ${lineAt(source, open)}`);
  const element = { name, attributes: parseAttributes(source, inner.slice(name.length), open), children: [], text: '' };
  const parent = stack[stack.length - 1];
  if (parent === undefined && stack.rootSeen) throw new XmlError(`a second root element <${name}> on line ${lineAt(source, open)}`);
  if (parent !== undefined) parent.children.push(element);
  stack.rootSeen = true;
  if (!selfClosing) stack.push(element);
  return selfClosing && parent === undefined ? element : undefined;
}

/** Children named exactly `name` (prefix included, e.g. `itunes:image`). */
export const childrenNamed = (element, name) => element.children.filter((child) => child.name === name);
export const child = (element, name) => (element === undefined ? undefined : childrenNamed(element, name)[0]);
export const childText = (element, name) => {
  const value = child(element, name)?.text.trim();
  return value === undefined || value === '' ? undefined : value;
};
export const localName = (name) => name.slice(name.indexOf(':') + 1);
