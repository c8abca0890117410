/**
 * The history page's watch on the database survives a failed open: Chromium fails every open
 * while the disk is full ("Internal error opening backing store", seen in full-disk.e2e.ts), a
 * failed read ends a Dexie live query for good, and the page would never follow the history
 * again without a reload. The failing open is made by hand (full-disk-opens.ts).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fullDiskOpens } from '../history/full-disk-opens';

const { disk, restore } = fullDiskOpens();
const { watchHistory } = await import('../../../lib/privacy/privacy-io');

afterAll(restore);

describe('watchHistory', () => {
  it('starts again after the database failed to open', async () => {
    const ticks: unknown[] = [];
    const stop = watchHistory((tick) => ticks.push(tick));
    await vi.waitFor(() => expect(disk.failed).toBeGreaterThan(0));
    expect(ticks).toEqual([]);
    disk.full = false;
    await vi.waitFor(() => expect(ticks).toEqual([{ flush: '', events: 0, unseen: 0 }]), { timeout: 10_000, interval: 100 });
    stop();
  }, 15_000);
});
