/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { findInterface, findTypeDef, findWorld, parseWit, parseWitFiles } from './parse.ts';
import type { TypeDef, WitType } from './model.ts';
import { interfaceFunctionNames, summarizeWorld } from './world.ts';

const contractFiles = Object.entries(import.meta.glob('../../wit/fugue-plugin@0.1.0/*.wit', { query: '?raw', import: 'default', eager: true })).map(([path, text]) => ({
  name: path.split('/').pop() ?? path,
  text: String(text),
}));

const SAMPLE = `package test:sample@1.2.3;

/// A documented interface.
interface shapes {
  /// Sizes.
  record size { width: u32, height: u32, }
  variant shape {
    /** A circle with a radius. */
    circle(f64),
    square(size),
    empty,
  }
  enum color { red, green, %blue }
  flags style { bold, italic }
  type pair = tuple<u8, string>;
  type maybe-pairs = option<list<pair>>;
  resource canvas {
    constructor(size: size);
    draw: func(s: borrow<shape-ref>, c: color) -> result<_, string>;
    open: static func(name: string) -> result<canvas>;
    /* a plain comment does not document */
    clear: func();
  }
  resource shape-ref;
  area: func(s: shape) -> f64;
  both: func() -> result<u8, s64>;
}

interface uses-shapes {
  use shapes.{size as dims, canvas};
  measure: func(c: borrow<canvas>) -> dims;
  take: func(c: canvas);
}

@since(version = 1.2.3)
world app {
  import shapes;
  import run: func(n: u32) -> string;
  import inline-log: interface { log: func(msg: string); }
  export uses-shapes;
  export wasi:cli/run@0.2.0;
  use shapes.{color};
  type palette = list<color>;
}

package wasi:cli@0.2.0 {
  interface run {
    run: func() -> result;
  }
}
`;

function typeDef(doc: ReturnType<typeof parseWit>, owner: string, name: string): TypeDef {
  return findTypeDef(doc, { owner, name });
}

describe('parseWit', () => {
  const doc = parseWit(SAMPLE, 'sample.wit');
  const shapes = 'test:sample/shapes@1.2.3';

  it('reads packages, nested packages, interfaces and worlds with qualified ids', () => {
    expect(doc.root.id).toBe('test:sample@1.2.3');
    expect(doc.packages.map((pkg) => pkg.id)).toEqual(['test:sample@1.2.3', 'wasi:cli@0.2.0']);
    expect(doc.root.interfaces.map((iface) => iface.id)).toEqual([shapes, 'test:sample/uses-shapes@1.2.3']);
    const world = findWorld(doc, 'app');
    expect(world.imports.map((item) => (item.kind === 'interface' ? item.id : `fn:${item.func.name}`))).toEqual([shapes, 'fn:run', 'inline-log']);
    expect(world.exports).toEqual([
      { kind: 'interface', id: 'test:sample/uses-shapes@1.2.3' },
      { kind: 'interface', id: 'wasi:cli/run@0.2.0' },
    ]);
    expect(findInterface(doc, 'inline-log').functions.map((func) => func.name)).toEqual(['log']);
    expect(findInterface(doc, 'wasi:cli/run@0.2.0').functions[0]?.result).toEqual({ kind: 'result', ok: null, err: null });
  });

  it('keeps doc comments (line and block) and drops plain comments', () => {
    expect(findInterface(doc, shapes).docs).toBe('A documented interface.');
    expect(typeDef(doc, shapes, 'size').docs).toBe('Sizes.');
    const shape = typeDef(doc, shapes, 'shape');
    expect(shape.kind === 'variant' && shape.cases[0]?.docs).toBe('A circle with a radius.');
    const canvas = typeDef(doc, shapes, 'canvas');
    expect(canvas.kind === 'resource' && canvas.functions.find((func) => func.name === 'clear')?.docs).toBe('');
  });

  it('models every kind of type definition', () => {
    const enumDef = typeDef(doc, shapes, 'color');
    expect(enumDef.kind === 'enum' && enumDef.cases.map((item) => item.name)).toEqual(['red', 'green', 'blue']);
    const flags = typeDef(doc, shapes, 'style');
    expect(flags.kind === 'flags' && flags.flags.map((item) => item.name)).toEqual(['bold', 'italic']);
    const pair = typeDef(doc, shapes, 'pair');
    expect(pair.kind === 'alias' && pair.target).toEqual({ kind: 'tuple', items: [{ kind: 'primitive', name: 'u8' }, { kind: 'primitive', name: 'string' }] });
    const maybe = typeDef(doc, shapes, 'maybe-pairs');
    expect(maybe.kind === 'alias' && maybe.target).toEqual({ kind: 'option', inner: { kind: 'list', element: { kind: 'named', ref: { owner: shapes, name: 'pair' } } } });
    const shape = typeDef(doc, shapes, 'shape');
    expect(shape.kind === 'variant' && shape.cases.map((item) => item.type)).toEqual([{ kind: 'primitive', name: 'f64' }, { kind: 'named', ref: { owner: shapes, name: 'size' } }, null]);
  });

  it('gives methods an implicit borrowed self and canonical names', () => {
    const iface = findInterface(doc, shapes);
    expect(interfaceFunctionNames(iface)).toEqual(['area', 'both', '[constructor]canvas', '[method]canvas.draw', '[static]canvas.open', '[method]canvas.clear']);
    const canvas = typeDef(doc, shapes, 'canvas');
    if (canvas.kind !== 'resource') throw new Error('canvas is a resource');
    const [constructor, draw, open] = canvas.functions;
    const own: WitType = { kind: 'handle', ownership: 'own', resource: { owner: shapes, name: 'canvas' } };
    expect(constructor?.result).toEqual(own);
    expect(draw?.params.map((param) => param.name)).toEqual(['self', 's', 'c']);
    expect(draw?.params[0]?.type).toEqual({ kind: 'handle', ownership: 'borrow', resource: { owner: shapes, name: 'canvas' } });
    expect(draw?.result).toEqual({ kind: 'result', ok: null, err: { kind: 'primitive', name: 'string' } });
    expect(open?.params.map((param) => param.name)).toEqual(['name']);
    expect(open?.result).toEqual({ kind: 'result', ok: own, err: null });
  });

  it('resolves `use` (with renames) to the defining interface, bare resources to own handles', () => {
    const uses = findInterface(doc, 'test:sample/uses-shapes@1.2.3');
    expect(uses.uses).toEqual([{ from: shapes, names: [{ name: 'size', as: 'dims' }, { name: 'canvas', as: 'canvas' }] }]);
    expect(uses.functions[0]?.result).toEqual({ kind: 'named', ref: { owner: shapes, name: 'size' } });
    expect(uses.functions[1]?.params[0]?.type).toEqual({ kind: 'handle', ownership: 'own', resource: { owner: shapes, name: 'canvas' } });
    const palette = typeDef(doc, 'test:sample/app@1.2.3', 'palette');
    expect(palette.kind === 'alias' && palette.target).toEqual({ kind: 'list', element: { kind: 'named', ref: { owner: shapes, name: 'color' } } });
  });
});

describe('world composition', () => {
  it('merges included worlds and resolves top-level `use` aliases', () => {
    const doc = parseWit(
      `package a:b@1.0.0;
      use c:d/logging@2.0.0 as logs;
      interface api { f: func(); }
      world base { import logs; export api; }
      world full { include base; import extra: func(); }
      package c:d@2.0.0 { interface logging { log: func(m: string); } }`,
    );
    const full = findWorld(doc, 'full');
    expect(full.imports.map((item) => (item.kind === 'interface' ? item.id : item.func.name))).toEqual(['extra', 'c:d/logging@2.0.0']);
    expect(full.exports).toEqual([{ kind: 'interface', id: 'a:b/api@1.0.0' }]);
  });
});

describe('parseWitFiles on the fugue:plugin contract', () => {
  const doc = parseWitFiles(contractFiles);
  const id = (name: string): string => `fugue:plugin/${name}@0.1.0`;

  it('finds all five worlds', () => {
    expect(contractFiles.length).toBeGreaterThanOrEqual(4);
    expect(doc.root.worlds.map((world) => world.name)).toEqual(['decoder-plugin', 'source-plugin', 'lyrics-plugin', 'output-sink-plugin', 'dsp-plugin']);
  });

  it.each([
    ['decoder-plugin', ['log', 'host-stream', 'sidecar'], ['lifecycle', 'settings', 'decoder'], ['types']],
    ['source-plugin', ['log', 'host-stream', 'http-client', 'kv'], ['lifecycle', 'settings', 'source'], ['types']],
    ['lyrics-plugin', ['log', 'host-stream', 'http-client', 'kv'], ['lifecycle', 'settings', 'lyrics'], ['types']],
    ['output-sink-plugin', ['log', 'sidecar'], ['lifecycle', 'settings', 'output-sink'], ['types', 'hot-path']],
    ['dsp-plugin', ['log'], ['lifecycle', 'settings', 'dsp'], ['types', 'hot-path']],
  ])('summarises %s for the runtime', (world, imports, exports, typeOnly) => {
    const summary = summarizeWorld(doc, world);
    expect(summary.id).toBe(id(world));
    expect(summary.imports).toEqual(imports.map(id));
    expect(summary.exports).toEqual(exports.map(id));
    expect([...summary.typeOnlyImports].sort()).toEqual(typeOnly.map(id).sort());
    expect(summary.functions[id('lifecycle')]).toEqual(['on-enable', 'on-disable']);
  });

  it('names resource functions canonically', () => {
    const summary = summarizeWorld(doc, 'decoder-plugin');
    expect(summary.functions[id('decoder')]).toEqual(['probe', 'open', '[method]session.info', '[method]session.metadata', '[method]session.read', '[method]session.seek']);
    expect(summary.functions[id('host-stream')]).toContain('[method]input-stream.read');
    expect(summary.exportedResources).toEqual({ [id('lifecycle')]: [], [id('settings')]: [], [id('decoder')]: ['session'] });
  });

  it('points `use`d types at their definitions across files', () => {
    const decoder = findInterface(doc, id('decoder'));
    const open = decoder.functions.find((func) => func.name === 'open');
    expect(open?.params[0]?.type).toEqual({ kind: 'handle', ownership: 'own', resource: { owner: id('host-stream'), name: 'input-stream' } });
    expect(open?.result).toEqual({ kind: 'result', ok: { kind: 'handle', ownership: 'own', resource: { owner: id('decoder'), name: 'session' } }, err: { kind: 'named', ref: { owner: id('types'), name: 'plugin-error' } } });
  });
});

describe('errors point at the source', () => {
  it.each([
    ['package a:b;\ninterface i {\n  f: func() -> u32\n}', /x\.wit:4:1: expected `;` after a function, found `}`/],
    ['package a:b;\ninterface i {\n  f: func(x: nope);\n}', /x\.wit:3:14: unknown type `nope`/],
    ['package a:b;\nworld w { import missing; }', /x\.wit:2:18: unknown interface `missing`/],
    ['package a:b;\nworld w { import c:d/e; }', /x\.wit:2:18: unknown package `c:d`/],
    ['package a:b;\ninterface i { use j.{t}; }\ninterface j { use i.{u}; type t = u8; }', /use` cycle/],
    ['package a:b;\ninterface i { record r { a: u8 } record r { b: u8 } }', /x\.wit:2:34: `r` is defined twice/],
    ['package a:b;\ninterface i { f: func(x: u8, x: u8); }', /parameter `x` appears twice/],
    ['package a:b;\ninterface i { f: func() -> result<_>; }', /x\.wit:2:36: `result<_>` needs an error type/],
    ['package a:b;\ninterface i { f: func(x: borrow<u8>); }', /x\.wit:2:33: unknown type `u8`/],
    ['package a:b;\ninterface i { record r { a: u8 } f: func(x: borrow<r>); }', /x\.wit:2:52: `r` is not a resource/],
    ['interface i {}', /x\.wit:1:1: a WIT file must start with `package/],
    ['package a:b;\ninterface i { f: func() -> # }', /x\.wit:2:28: unexpected character "#"/],
    ['package a:b;\n/* never closed', /x\.wit:2:1: unterminated block comment/],
    ['package a:b;\ninterface i { record r {} }', /record `r` needs at least one field/],
    ['package a:b;\ninterface i { flags f { f32 } }', /x\.wit:2:25: `f32` is a keyword; write `%f32`/],
    [`package a:b;\ninterface i { flags f { ${Array.from({ length: 33 }, (_, n) => `b${n}`).join(', ')} } }`, /flags `f` has 33 members; the component model allows at most 32/],
  ])('%#: %s', (source, message) => {
    expect(() => parseWit(source, 'x.wit')).toThrow(message);
  });
});
