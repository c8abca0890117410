/**
 * The import bench's synthetic backups must be backups the import accepts: a format change the
 * generator missed made the bench fail at its first case (version 2 made `expectations` required).
 */
import { describe, expect, it } from 'vitest';
import { validateBackup } from '@/lib/history/backup-validate';
import { syntheticBackup } from '../../../bench/synthetic-backup';

describe('syntheticBackup', () => {
  it.each([
    [200, 20, false],
    [200, 200, false],
    [200, 20, true],
  ])('%d visits over %d sites (same ms: %s) pass validation', async (visits, sites, sameMs) => {
    const backup = syntheticBackup(visits, sites, sameMs);
    expect(backup.visits).toHaveLength(visits);
    const checked = await validateBackup(JSON.parse(JSON.stringify(backup)));
    expect(checked.visits).toHaveLength(visits);
  });
});
