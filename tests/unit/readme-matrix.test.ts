import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ES module without types: the matrix table the e2e tests read
import { MATRIX, readmeMatrix } from '../fixtures/matrix.mjs';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README\'s "What we test" table', () => {
  it('is the one made from the matrix (node scripts/readme-matrix.mjs writes it)', () => {
    const block = /<!-- matrix:start[^>]*-->\n([\s\S]*?)\n<!-- matrix:end -->/.exec(README);
    expect(block?.[1]).toBe(readmeMatrix());
  });

  it('lists every case once, each checked by the matrix e2e or named elsewhere', () => {
    const ids = (MATRIX as { id: string }[]).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of MATRIX as { id: string; testedIn?: string; firefox?: object; chromium?: object; chromiumInspected?: object }[]) {
      expect(c.testedIn || c.firefox || c.chromium || c.chromiumInspected, c.id).toBeTruthy();
    }
  });
});
