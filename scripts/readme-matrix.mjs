// @ts-check
/**
 * Writes the README's "What we test" table from the matrix (tests/fixtures/matrix.mjs), so the
 * README says exactly what the e2e tests check. `node scripts/readme-matrix.mjs` after editing
 * the matrix; tests/unit/readme-matrix.test.ts fails while the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readmeMatrix } from '../tests/fixtures/matrix.mjs';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const block = /(<!-- matrix:start[^>]*-->\n)[\s\S]*?(<!-- matrix:end -->)/;
if (!block.test(readme)) throw new Error('README.md has no <!-- matrix:start … --> … <!-- matrix:end --> block');
writeFileSync(
  path,
  readme.replace(block, (_, start, end) => `${start}${readmeMatrix()}\n${end}`),
);
console.log('README.md: "What we test" table written from tests/fixtures/matrix.mjs');
