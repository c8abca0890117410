/**
 * The popup loads lib/cert/parse.ts with import(); x509 (~50 KB gzip) must not sneak into the
 * eager bundle through the components. Follows every value import from every file of components/cert.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Value imports only: `import type` and `export type` vanish at build time. */
function valueImports(source: string): string[] {
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(?!type\s)([^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) out.push(m[3] as string);
  return out;
}

function resolveLocal(from: string, spec: string): string | undefined {
  const base = spec.startsWith('@/') ? resolve(ROOT, spec.slice(2)) : resolve(dirname(from), spec);
  return ['', '.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(p) && !p.endsWith('/'));
}

function reachable(...entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of valueImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.') || spec.startsWith('@/')) {
        const target = resolveLocal(file, spec);
        if (target && /\.tsx?$/.test(target)) todo.push(target);
      } else {
        packages.add(spec);
      }
    }
  }
  return { files, packages };
}

describe('lazy-loading boundary', () => {
  it('components/cert never imports x509 or the parser', () => {
    const dir = resolve(ROOT, 'components/cert');
    const { files, packages } = reachable(
      ...readdirSync(dir)
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => resolve(dir, f)),
    );
    expect(files.size).toBeGreaterThan(5);
    expect([...packages].filter((p) => p.includes('x509') || p.includes('reflect'))).toEqual([]);
    expect([...files].some((f) => f.endsWith('lib/cert/parse.ts'))).toBe(false);
  });

  it('the parser is where x509 is, with the polyfill imported first', () => {
    const source = readFileSync(resolve(ROOT, 'lib/cert/parse.ts'), 'utf8');
    const imports = valueImports(source);
    expect(imports[0]).toBe('@abraham/reflection');
    expect(imports).toContain('@peculiar/x509');
    expect(source).not.toMatch(/reflect-metadata['"]/);
  });
});
