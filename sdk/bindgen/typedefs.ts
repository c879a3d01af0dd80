/**
 * AssemblyScript declarations for WIT type definitions: records become classes with
 * defaults, variants tagged classes with static constructors, enums AS enums, flags a
 * numeric type with named bit constants, aliases type aliases.
 */
import type { Field, TypeDef, VariantCase, WitType } from '../../src-shared/wit/model.ts';
import type { BindgenContext, FileScope } from './context.ts';
import { flagConstant, memberName, typeIdentifier } from './names.ts';
import type { CodeWriter } from './writer.ts';

/** The numeric type holding a flags value with `count` flags. */
export function flagsType(count: number): 'u8' | 'u16' | 'u32' {
  if (count > 32) throw new Error('flags may have at most 32 members');
  if (count <= 8) return 'u8';
  return count <= 16 ? 'u16' : 'u32';
}

/** Name of the enum listing a variant's cases, e.g. `BrowseTargetTag`. */
export function variantTagName(variantName: string): string {
  return `${typeIdentifier(variantName)}Tag`;
}

/** Storage field of a variant case's payload, e.g. `_item`. */
export function variantPayloadField(caseName: string): string {
  return `_${memberName(caseName)}`;
}

/** Writes the declaration of one type definition (resources are written elsewhere). */
export function writeTypeDef(ctx: BindgenContext, def: TypeDef, scope: FileScope, out: CodeWriter): void {
  switch (def.kind) {
    case 'record':
      return writeRecord(ctx, def.name, def.docs, def.fields, scope, out);
    case 'variant':
      return writeVariant(ctx, def.name, def.docs, def.cases, scope, out);
    case 'enum':
      out.docs(def.docs).block(`export enum ${typeIdentifier(def.name)}`, () => {
        def.cases.forEach((item, index) => out.docs(item.docs).line(`${typeIdentifier(item.name)} = ${index},`));
      });
      return void out.line();
    case 'flags':
      return writeFlags(def.name, def.docs, def.flags, out);
    case 'alias':
      out.docs(def.docs).line(`export type ${typeIdentifier(def.name)} = ${ctx.asType(def.target, scope)};`).line();
      return;
    case 'resource':
      return;
  }
}

function writeRecord(ctx: BindgenContext, name: string, docs: string, fields: Field[], scope: FileScope, out: CodeWriter): void {
  out.docs(docs).block(`export class ${typeIdentifier(name)}`, () => {
    for (const field of fields) {
      const initial = ctx.defaultValue(field.type, scope);
      const declaration = initial === null ? `${memberName(field.name)}!: ${ctx.asType(field.type, scope)};` : `${memberName(field.name)}: ${ctx.asType(field.type, scope)} = ${initial};`;
      out.docs(field.docs).line(declaration);
    }
  });
  out.line();
}

function payloadStorage(ctx: BindgenContext, type: WitType, scope: FileScope): { type: string; initial: string } {
  const asType = ctx.asType(type, scope);
  if (ctx.isNonNullableReference(type)) return { type: `${asType} | null`, initial: 'null' };
  const initial = ctx.defaultValue(type, scope);
  return { type: asType, initial: initial ?? 'null' };
}

function writeVariant(ctx: BindgenContext, name: string, docs: string, cases: VariantCase[], scope: FileScope, out: CodeWriter): void {
  const className = typeIdentifier(name);
  const tagName = variantTagName(name);
  if (cases.some((item) => memberName(item.name) === 'tag')) throw new Error(`variant ${name}: a case named \`tag\` clashes with the generated \`tag\` field; rename the case`);
  out.line(`/** The cases of {@link ${className}}. */`);
  out.block(`export enum ${tagName}`, () => {
    cases.forEach((item, index) => out.line(`${typeIdentifier(item.name)} = ${index},`));
  });
  out.line();
  out.docs(docs).block(`export class ${className}`, () => {
    out.line(`private constructor(public readonly tag: ${tagName}) {}`);
    for (const item of cases) {
      if (item.type === null) continue;
      const storage = payloadStorage(ctx, item.type, scope);
      out.line(`${variantPayloadField(item.name)}: ${storage.type} = ${storage.initial};`);
    }
    for (const item of cases) writeVariantCase(ctx, className, tagName, item, scope, out);
  });
  out.line();
}

function writeVariantCase(ctx: BindgenContext, className: string, tagName: string, item: VariantCase, scope: FileScope, out: CodeWriter): void {
  const method = memberName(item.name);
  const tag = `${tagName}.${typeIdentifier(item.name)}`;
  out.line();
  out.docs(item.docs);
  if (item.type === null) {
    out.block(`static ${method}(): ${className}`, () => out.line(`return new ${className}(${tag});`));
    return;
  }
  const payloadType = ctx.asType(item.type, scope);
  const field = variantPayloadField(item.name);
  out.block(`static ${method}(value: ${payloadType}): ${className}`, () => {
    out.line(`const result = new ${className}(${tag});`);
    out.line(`result.${field} = value;`);
    out.line('return result;');
  });
  out.line(`/** The payload when \`tag\` is \`${tag}\` (aborts otherwise). */`);
  out.block(`get ${method}(): ${payloadType}`, () => {
    out.line(`if (this.tag != ${tag}) throw new Error("${className} is not ${method}");`);
    out.line(ctx.isNonNullableReference(item.type as WitType) ? `return this.${field}!;` : `return this.${field};`);
  });
}

function writeFlags(name: string, docs: string, flags: { name: string; docs: string }[], out: CodeWriter): void {
  const typeName = typeIdentifier(name);
  const storage = flagsType(flags.length);
  out.docs(docs).line(`export type ${typeName} = ${storage};`);
  out.line(`/** The bits of {@link ${typeName}}; combine with \`|\`, test with \`&\`. */`);
  out.block(`export namespace ${typeName}`, () => {
    if (!flags.some((flag) => flagConstant(flag.name) === 'None')) out.line(`export const None: ${storage} = 0;`);
    flags.forEach((flag, index) => out.docs(flag.docs).line(`export const ${flagConstant(flag.name)}: ${storage} = ${(1n << BigInt(index)).toString()};`));
  });
  out.line();
}
