/**
 * The history handle's start-up duty: visits a stopped worker left in the logger's queue are
 * written at the next start, not only at the next page (seen in the durability e2e, session 8:
 * a stop at the last of 200 pages left 18 visits queued until the browser would have closed).
 */
import { describe, expect, it, vi } from 'vitest';
import { flushLeftovers, QUEUE_KEY, type HistoryHandle } from '@/lib/history/handle';
import type { HistoryLogger } from '@/lib/history/logger';

const handle = () => {
  const logger = vi.fn(async () => ({}) as HistoryLogger);
  return { logger, forgetTab: vi.fn(), applyRetention: vi.fn() } satisfies HistoryHandle;
};
const area = (items: Record<string, unknown>) => ({ get: async (key: string) => (key in items ? { [key]: items[key] } : {}) });

describe('flushLeftovers', () => {
  it('opens the logger (which flushes its stored queue) when the previous worker left visits queued', async () => {
    const h = handle();
    await expect(flushLeftovers(h, area({ [QUEUE_KEY]: { queue: [{ seq: 1 }] } }))).resolves.toBe(true);
    expect(h.logger).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['no queue stored', {}],
    ['an empty queue', { [QUEUE_KEY]: { queue: [] } }],
    ['a queue that is not a list', { [QUEUE_KEY]: { queue: 'x' } }],
  ])('leaves the history unloaded with %s', async (_what, items) => {
    const h = handle();
    await expect(flushLeftovers(h, area(items))).resolves.toBe(false);
    expect(h.logger).not.toHaveBeenCalled();
  });

  it('a storage read that fails loads nothing and does not throw', async () => {
    const h = handle();
    await expect(flushLeftovers(h, { get: () => Promise.reject(new Error('gone')) })).resolves.toBe(false);
  });
});
