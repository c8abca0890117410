import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's layout section is how a newcomer finds a feature; a folder missing from it is a
// folder nobody is told about.
const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('```', readme.indexOf('```', readme.indexOf('## Layout')) + 3));

const dirs = (dir: string) => readdirSync(join(root, dir)).filter((name) => statSync(join(root, dir, name)).isDirectory());

describe('README layout', () => {
  const listed = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?\\s`, 'm').test(layout);

  it('names every top-level folder of the source', () => {
    for (const dir of ['entrypoints', 'bench', 'scripts', 'docs']) expect(listed(dir), dir).toBe(true);
  });

  it('names every folder of lib/ and components/, and each test tree', () => {
    const folders = [
      ...dirs('lib').map((d) => `lib/${d}`),
      ...dirs('components').map((d) => `components/${d}`),
      'tests/unit',
      'tests/e2e',
      'tests/fixtures',
    ];
    for (const folder of folders) expect(listed(folder), folder).toBe(true);
  });

  it('names the files that live directly in lib/', () => {
    const files = readdirSync(join(root, 'lib')).filter((name) => name.endsWith('.ts'));
    for (const file of files) expect(listed(`lib/${file}`), file).toBe(true);
  });
});
