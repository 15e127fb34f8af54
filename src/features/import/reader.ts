// Reads a dataset element by element (each top-level array's items), streaming from a file so size does not matter.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parser } from 'stream-json';
import Assembler from 'stream-json/assembler.js';
import chain from 'stream-chain';
import { none } from 'stream-chain/defs.js';
import { SECTIONS, type Section } from './schemas.js';

/** Where a dataset comes from: a file, JSON text, an object already in memory, or a stream factory. */
export type DatasetSource =
  | { kind: 'file'; path: string }
  | { kind: 'text'; text: string }
  | { kind: 'data'; data: unknown }
  | { kind: 'stream'; open: () => Readable; size?: number };

export const fromFile = (path: string): DatasetSource => ({ kind: 'file', path });
export const fromText = (text: string): DatasetSource => ({ kind: 'text', text });
export const fromData = (data: unknown): DatasetSource => ({ kind: 'data', data });
/** A source that can be read more than once: `open` must produce the same JSON text each time. */
export const fromStream = (open: () => Readable, size?: number): DatasetSource => ({
  kind: 'stream',
  open,
  size,
});

export interface SectionElement {
  section: Section;
  index: number;
  value: unknown;
}

/** A problem with the document's shape found while reading (the elements themselves are checked by zod). */
export interface StructureIssue {
  path: string;
  message: string;
  value?: unknown;
}

export interface ReadOptions {
  /** Only these sections' elements are assembled; the others are skipped token by token. */
  sections?: readonly Section[];
  /** Called with the number of bytes read so far (file, text and stream sources). */
  onBytes?: (bytes: number) => void;
  /** Shape problems are appended here. */
  issues: StructureIssue[];
  /** The order in which sections appear in the document is appended here. */
  order?: Section[];
}

const isSection = (key: string): key is Section => (SECTIONS as readonly string[]).includes(key);

export async function sourceSize(source: DatasetSource): Promise<number | undefined> {
  if (source.kind === 'file') return (await fs.promises.stat(source.path)).size;
  if (source.kind === 'text') return Buffer.byteLength(source.text);
  if (source.kind === 'stream') return source.size;
  return undefined;
}

/** Malformed JSON: the reading stops; `where` names the element being read when it broke. */
export class MalformedJsonError extends Error {
  constructor(
    readonly detail: string,
    readonly where: string,
  ) {
    super(`некорректный JSON${where ? ` (в ${where})` : ''}: ${detail}`);
    this.name = 'MalformedJsonError';
  }
}

type Token = { name: string; value?: unknown };

/** The token-level state machine: root object → section arrays → elements assembled one at a time. */
function splitter(opts: ReadOptions) {
  const wanted = opts.sections ? new Set<string>(opts.sections) : undefined;
  const seen = new Set<string>();
  type State = 'root' | 'top' | 'section' | 'element' | 'skipElement' | 'skipValue' | 'end' | 'dead';
  let state: State = 'root';
  let key = '';
  let section: Section | undefined;
  let index = 0;
  let nest = 0;
  let asm: Assembler | undefined;

  const where = (): string => {
    if (state === 'element' || state === 'skipElement') return `${section}[${index}]`;
    if (state === 'section') return `${section}`;
    return key;
  };

  const fn = (t: Token): SectionElement | typeof none => {
    const opens = t.name === 'startObject' || t.name === 'startArray';
    const closes = t.name === 'endObject' || t.name === 'endArray';
    switch (state) {
      case 'root':
        if (t.name === 'startObject') {
          state = 'top';
        } else {
          opts.issues.push({
            path: '(корень)',
            message:
              'ожидается объект с массивами suppliers, tariff_plans, key_rates, customers, accounts, users',
          });
          state = 'dead';
        }
        return none;
      case 'top':
        if (t.name === 'keyValue') {
          key = String(t.value);
          return none;
        }
        if (t.name === 'endObject') {
          state = 'end';
          return none;
        }
        if (isSection(key) && t.name === 'startArray' && !seen.has(key)) {
          seen.add(key);
          opts.order?.push(key);
          section = key;
          index = 0;
          state = 'section';
          return none;
        }
        opts.issues.push({
          path: key,
          message: !isSection(key)
            ? 'неизвестное поле'
            : seen.has(key)
              ? 'раздел повторяется'
              : 'ожидается массив',
          value: opens ? undefined : t.value,
        });
        if (opens) {
          nest = 1;
          state = 'skipValue';
        }
        return none;
      case 'skipValue':
        if (opens) nest++;
        else if (closes && --nest === 0) state = 'top';
        return none;
      case 'section':
        if (t.name === 'endArray') {
          state = 'top';
          return none;
        }
        if (!wanted || wanted.has(section!)) {
          if (opens) {
            asm = new Assembler();
            asm.consume(t as never);
            state = 'element';
            return none;
          }
          return { section: section!, index: index++, value: t.value };
        }
        if (opens) {
          nest = 1;
          state = 'skipElement';
        } else {
          index++;
        }
        return none;
      case 'element': {
        asm!.consume(t as never);
        if (!asm!.done) return none;
        const value = asm!.current as unknown;
        asm = undefined;
        state = 'section';
        return { section: section!, index: index++, value };
      }
      case 'skipElement':
        if (opens) nest++;
        else if (closes && --nest === 0) {
          index++;
          state = 'section';
        }
        return none;
      default:
        return none;
    }
  };
  return { fn, where };
}

function* elementsOf(data: unknown, opts: ReadOptions): Generator<SectionElement> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    opts.issues.push({
      path: '(корень)',
      message: 'ожидается объект с массивами suppliers, tariff_plans, key_rates, customers, accounts, users',
    });
    return;
  }
  for (const [key, value] of Object.entries(data)) {
    if (!isSection(key) || !Array.isArray(value)) {
      opts.issues.push({
        path: key,
        message: isSection(key) ? 'ожидается массив' : 'неизвестное поле',
        value: Array.isArray(value) ? undefined : value,
      });
      continue;
    }
    opts.order?.push(key);
    if (opts.sections && !opts.sections.includes(key)) continue;
    for (let i = 0; i < value.length; i++) yield { section: key, index: i, value: value[i] };
  }
}

/** JSON.parse names the position of a syntax error; the streaming parser does not. Used for small inputs only. */
async function syntaxDetail(source: DatasetSource): Promise<string | undefined> {
  const size = await sourceSize(source);
  if (size === undefined || size > 64 * 1024 * 1024 || source.kind === 'data') return undefined;
  const text =
    source.kind === 'text'
      ? source.text
      : source.kind === 'file'
        ? await fs.promises.readFile(source.path, 'utf8')
        : undefined;
  if (text === undefined) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    if (!at) return message;
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return `${message.replace(/ in JSON at position \d+.*$/, '')} (строка ${line}, столбец ${column})`;
  }
}

function openText(source: Exclude<DatasetSource, { kind: 'data' }>): Readable {
  if (source.kind === 'file') return fs.createReadStream(source.path, { highWaterMark: 1 << 20 });
  if (source.kind === 'text') return Readable.from([source.text]);
  return source.open();
}

/** Yields every element of the wanted sections in document order. Throws MalformedJsonError on bad JSON. */
export async function* readDataset(source: DatasetSource, opts: ReadOptions): AsyncGenerator<SectionElement> {
  if (source.kind === 'data') {
    yield* elementsOf(source.data, opts);
    return;
  }
  let bytes = 0;
  const split = splitter(opts);
  const pipeline = chain([
    openText(source),
    (chunk: Buffer | string) => {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      opts.onBytes?.(bytes);
      return chunk;
    },
    parser({ streamValues: false }),
    split.fn,
  ]);
  try {
    for await (const item of pipeline as AsyncIterable<SectionElement>) yield item;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!/^Parser /.test(message)) throw e;
    pipeline.destroy();
    const detail = (await syntaxDetail(source)) ?? message.replace(/^Parser (cannot parse input: )?/, '');
    throw new MalformedJsonError(detail, split.where());
  }
}
