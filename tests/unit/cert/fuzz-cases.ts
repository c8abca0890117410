/**
 * Hostile certificates for the fuzz suite (fuzz.test.ts, `npm run fuzz`): mutations of the
 * certificates fixtures.ts makes, driven by a fixed-seed PRNG so every case can be replayed
 * from its seed and index. Also the crafted long-BOOLEAN certificate that made asn1js
 * quadratic (issue 14).
 *
 * The base certificates are generated with fresh keys at test time (fixtures.ts), so a case's
 * bytes differ from run to run in the key and signature; a failing case prints its base64.
 */
import { prng } from '../../fixtures/prng';

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, items: readonly T[]): T => items[int(r, items.length)] as T;

/** DER length octets. */
export function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return [0x80 | out.length, ...out];
}

/** One element of a certificate, decoded for mutation. `children` set = re-encoded from them. */
interface Node {
  id: number;
  children?: Node[];
  /** Primitive content (or, for an OCTET STRING holding DER, unused when children is set). */
  content: Uint8Array;
  /** Already-encoded bytes that replace the whole element (deep nesting, built without recursion). */
  raw?: Uint8Array;
}

/** Minimal lenient reader for *valid* base certificates (test input we made ourselves). */
function decode(buf: Uint8Array, start: number, end: number, depth = 0): Node[] {
  const out: Node[] = [];
  let pos = start;
  while (pos < end) {
    const id = buf[pos] as number;
    let p = pos + 1;
    let len = buf[p++] as number;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + (buf[p++] as number);
    }
    const content = buf.subarray(p, p + len);
    const node: Node = { id, content };
    if (id & 0x20) node.children = decode(buf, p, p + len, depth + 1);
    else if (id === 0x04 && depth > 0) {
      // extnValue and friends: OCTET STRINGs that hold DER get mutated inside, too.
      try {
        const inner = decode(content, 0, content.length, depth + 1);
        if (inner.length === 1 && encodeAll(inner).length === content.length) node.children = inner;
      } catch {
        // Opaque bytes.
      }
    }
    out.push(node);
    pos = p + len;
  }
  if (pos !== end) throw new Error('not DER');
  return out;
}

/** Encoded size of a node, without building it (repeats share one node object). */
function sizeOf(node: Node): number {
  if (node.raw) return node.raw.length;
  const body = node.children ? node.children.reduce((n, c) => n + sizeOf(c), 0) : node.content.length;
  return 1 + lengthBytes(body).length + body;
}

function write(node: Node, out: Uint8Array, pos: number): number {
  if (node.raw) {
    out.set(node.raw, pos);
    return pos + node.raw.length;
  }
  const body = node.children ? node.children.reduce((n, c) => n + sizeOf(c), 0) : node.content.length;
  out[pos++] = node.id;
  for (const b of lengthBytes(body)) out[pos++] = b;
  if (!node.children) {
    out.set(node.content, pos);
    return pos + body;
  }
  for (const c of node.children) pos = write(c, out, pos);
  return pos;
}

function encode(node: Node): Uint8Array {
  const out = new Uint8Array(sizeOf(node));
  write(node, out, 0);
  return out;
}

function encodeAll(nodes: Node[]): Uint8Array {
  const out = new Uint8Array(nodes.reduce((n, c) => n + sizeOf(c), 0));
  let pos = 0;
  for (const n of nodes) pos = write(n, out, pos);
  return out;
}

function allNodes(roots: Node[]): { node: Node; parent?: Node }[] {
  const out: { node: Node; parent?: Node }[] = [];
  const todo: { node: Node; parent?: Node }[] = roots.map((node) => ({ node }));
  while (todo.length) {
    const item = todo.pop() as { node: Node; parent?: Node };
    out.push(item);
    for (const c of item.node.children ?? []) todo.push({ node: c, parent: item.node });
  }
  return out;
}

/** `depth` SEQUENCEs (or SETs / [0]) around `inner`, built inside out without recursion. */
export function nest(depth: number, inner: Uint8Array, id = 0x30): Uint8Array {
  const lengths: number[] = [];
  let size = inner.length;
  for (let i = 0; i < depth; i++) {
    lengths.push(size);
    size += 1 + lengthBytes(size).length;
  }
  const out = new Uint8Array(size);
  let pos = 0;
  for (let i = depth - 1; i >= 0; i--) {
    out[pos++] = id;
    for (const b of lengthBytes(lengths[i] as number)) out[pos++] = b;
  }
  out.set(inner, pos);
  return out;
}

function fill(r: Rand, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const mode = int(r, 4);
  for (let i = 0; i < n; i++) out[i] = mode === 0 ? 0 : mode === 1 ? 0xff : mode === 2 ? 0x41 + (i % 26) : int(r, 256);
  return out;
}

/** Hostile text for names and SANs: bidi overrides, controls, markup, long runs. */
const HOSTILE_TEXT = ['\u202Emoc.knab', 'a\u0000b\u0007c\u009B', '<img src=x onerror=alert(1)>', '\u2066x\u2069\u200F', 'e\u0301\uFEFF'];

/** Tree mutations: change what an element says or how it nests, keeping the lengths consistent. */
function mutateTree(r: Rand, roots: Node[]): string {
  const total = roots.reduce((n, c) => n + sizeOf(c), 0);
  const nodes = allNodes(roots);
  const { node, parent } = pick(r, nodes);
  node.raw = undefined;
  const op = int(r, 9);
  switch (op) {
    case 0: {
      // Long primitive value (BOOLEAN, INTEGER, string, OCTET STRING…), up to ~70 KB.
      const n = pick(r, [2, 64, 1000, 5000, 20_000, 70_000]);
      node.children = undefined;
      node.id = pick(r, [node.id & 0xdf, 0x01, 0x01, 0x02, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x1e, 0x1c, 0x03, 0x04]);
      node.content = fill(r, n);
      return `long-primitive:${node.id.toString(16)}:${n}`;
    }
    case 1: {
      // Deep nesting in place of this element.
      const depth = pick(r, [20, 40, 100, 1000, 10_000]);
      const id = pick(r, [0x30, 0x31, 0xa0, 0xa3]);
      node.raw = nest(depth, encode(node), id);
      return `nest:${depth}`;
    }
    case 2: {
      // Many copies of a child (thousands of SANs, RDNs, extensions).
      if (!parent?.children) return 'noop';
      // Bounded so a case stays under ~200 KB (anything over 64 KB is refused by size anyway).
      const copies = Math.min(pick(r, [100, 500, 3000]), Math.floor(Math.max(0, 200_000 - total) / sizeOf(node)));
      const i = parent.children.indexOf(node);
      parent.children.splice(i, 0, ...Array.from({ length: copies }, () => node));
      return `repeat:${copies}`;
    }
    case 3:
      node.id = int(r, 256);
      if (node.id & 0x20 && !node.children) node.id &= 0xdf;
      if (!(node.id & 0x20) && node.children) {
        node.content = encodeAll(node.children);
        node.children = undefined;
      }
      return `retag:${node.id.toString(16)}`;
    case 4:
      if (!parent?.children) return 'noop';
      parent.children.splice(parent.children.indexOf(node), 1);
      return 'delete';
    case 5: {
      // Hostile text in a string.
      const text = pick(r, HOSTILE_TEXT).repeat(pick(r, [1, 10, 500]));
      node.children = undefined;
      node.id = pick(r, [0x0c, 0x13, 0x16, 0x82, 0x81]);
      node.content = new TextEncoder().encode(text);
      return `text:${text.length}`;
    }
    case 6: {
      // A BOOLEAN of absurd length where an extension's "critical" goes.
      const n = pick(r, [2, 1000, 30_000]);
      if (!parent?.children) return 'noop';
      parent.children.splice(parent.children.indexOf(node), 0, { id: 0x01, content: fill(r, n) });
      return `insert-boolean:${n}`;
    }
    case 7:
      node.children = undefined;
      node.content = new Uint8Array(0);
      return 'empty';
    default: {
      // Junk bytes appended inside a constructed element.
      if (!node.children) return 'noop';
      node.children.push({ id: int(r, 256) & 0xdf, content: fill(r, int(r, 300)) });
      return 'append';
    }
  }
}

/** Offsets of each element's length octets in encoded DER (walking constructed elements only). */
function lengthOffsets(buf: Uint8Array): number[] {
  const out: number[] = [];
  const todo: [number, number][] = [[0, buf.length]];
  while (todo.length && out.length < 10_000) {
    const [start, end] = todo.pop() as [number, number];
    let pos = start;
    while (pos + 1 < end) {
      const id = buf[pos] as number;
      out.push(pos + 1);
      let p = pos + 1;
      let len = buf[p++] as number;
      if (len & 0x80) {
        const n = len & 0x7f;
        if (n === 0 || n > 4) break;
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + (buf[p++] ?? 0);
      }
      if (p + len > end) break;
      if (id & 0x20) todo.push([p, p + len]);
      pos = p + len;
    }
  }
  return out;
}

/** Byte mutations: bit flips, truncation, corrupt or huge length fields, splices. */
function mutateBytes(r: Rand, input: Uint8Array): { bytes: Uint8Array; op: string } {
  const bytes = Uint8Array.from(input);
  const op = int(r, 5);
  if (op === 0) {
    const flips = 1 + int(r, 8);
    for (let i = 0; i < flips; i++) {
      const at = int(r, bytes.length);
      bytes[at] = (bytes[at] as number) ^ (1 << int(r, 8));
    }
    return { bytes, op: `flip:${flips}` };
  }
  if (op === 1) {
    const at = int(r, bytes.length);
    return { bytes: bytes.subarray(0, at), op: `truncate:${at}` };
  }
  const offsets = lengthOffsets(bytes);
  const at = offsets.length ? pick(r, offsets) : 1;
  if (op === 2) {
    // A length byte set to something random: runs past its container, or short.
    bytes[at] = int(r, 256);
    return { bytes, op: `length:${at}` };
  }
  if (op === 3) {
    // A huge declared length in long form, keeping the rest of the bytes.
    const huge = pick(r, [
      [0x84, 0xff, 0xff, 0xff, 0xff],
      [0x84, 0x7f, 0xff, 0xff, 0xff],
      [0x88, 1, 0, 0, 0, 0, 0, 0, 0],
      [0x80],
      [0x83, 0x01, 0x00, 0x00],
    ]);
    const out = new Uint8Array(bytes.length + huge.length - 1);
    out.set(bytes.subarray(0, at));
    out.set(huge, at);
    out.set(bytes.subarray(at + 1), at + huge.length);
    return { bytes: out, op: `huge-length:${at}` };
  }
  const from = int(r, bytes.length);
  const junk = fill(r, int(r, 64));
  const out = new Uint8Array(from + junk.length);
  out.set(bytes.subarray(0, from));
  out.set(junk, from);
  const rest = bytes.subarray(Math.min(bytes.length, from + junk.length));
  const joined = new Uint8Array(out.length + rest.length);
  joined.set(out);
  joined.set(rest, out.length);
  return { bytes: joined, op: `splice:${from}` };
}

export interface FuzzCase {
  index: number;
  op: string;
  der: Uint8Array;
}

/**
 * Case `index` of the run with `seed`: a base certificate, one to three tree mutations and,
 * half the time, a byte mutation on top. Depends only on (seed, index, bases).
 */
export function fuzzCase(seed: number, index: number, bases: readonly Uint8Array[]): FuzzCase {
  const r = prng(seed ^ Math.imul(index + 1, 0x9e3779b1));
  const base = pick(r, bases);
  const ops: string[] = [];
  let der: Uint8Array = base;
  if (r() < 0.6) {
    const roots = decode(base, 0, base.length);
    const rounds = 1 + int(r, 3);
    for (let i = 0; i < rounds; i++) ops.push(mutateTree(r, roots));
    // Repeats share one node object, so a later mutation of it can multiply; such a case would
    // be megabytes, refused by size at once, so keep the base instead of building it.
    if (roots.reduce((n, c) => n + sizeOf(c), 0) <= 256 * 1024) der = encodeAll(roots);
    else ops.push('oversize-dropped');
  }
  if (ops.length === 0 || r() < 0.5) {
    const m = mutateBytes(r, der);
    der = m.bytes;
    ops.push(m.op);
  }
  return { index, op: ops.join(' '), der };
}

/**
 * The crafted certificate: a valid one with an extra extension whose `critical`
 * BOOLEAN is `size` bytes long. asn1js decoded such a BOOLEAN with a copy per byte.
 */
export function longBooleanCert(base: Uint8Array, size: number): Uint8Array {
  const roots = decode(base, 0, base.length);
  const tbs = roots[0]?.children?.[0];
  const exts = tbs?.children?.find((c) => c.id === 0xa3)?.children?.[0];
  if (!exts?.children) throw new Error('base certificate has no extensions');
  const value = new Uint8Array(size);
  value[size - 1] = 0xff;
  exts.children.push({
    id: 0x30,
    content: new Uint8Array(0),
    children: [
      { id: 0x06, content: Uint8Array.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x01]) },
      { id: 0x01, content: value },
      { id: 0x04, content: Uint8Array.from([0x05, 0x00]) },
    ],
  });
  return encodeAll(roots);
}
