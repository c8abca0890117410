import { describe, expect, it } from 'vitest';
import { blockingFrameListener, createDeferQueue, type Details, type SecurityAnswer } from '@/lib/engines/firefox-listeners';

const details = (requestId: string, tabId = 1): Details =>
  ({ requestId, tabId, url: 'https://secure.test/', type: 'main_frame', statusCode: 200 }) as Details;

describe('createDeferQueue', () => {
  it('runs deferred work in arrival order in one later task, or at once on drain()', () => {
    const tasks: (() => void)[] = [];
    const queue = createDeferQueue((run) => void tasks.push(run));
    const ran: number[] = [];
    queue.defer(() => ran.push(1));
    queue.defer(() => ran.push(2));
    expect(tasks).toHaveLength(1);
    expect(queue.pending).toBe(2);
    queue.drain();
    expect(ran).toEqual([1, 2]);
    tasks[0]!(); // the scheduled task finds nothing left
    expect(ran).toEqual([1, 2]);
    queue.defer(() => ran.push(3));
    expect(tasks).toHaveLength(2);
  });
});

describe('blockingFrameListener', () => {
  it('answers {} as soon as the security info arrives and hands over only in a later task', async () => {
    const tasks: (() => void)[] = [];
    const queue = createDeferQueue((run) => void tasks.push(run));
    const answer: SecurityAnswer = { info: { state: 'secure', certificates: [] } };
    const handed: [string, SecurityAnswer][] = [];
    const listener = blockingFrameListener(
      async () => answer,
      queue,
      (d, a) => void handed.push([d.requestId, a]),
    );
    await expect(listener(details('7'))).resolves.toEqual({});
    expect(handed).toEqual([]); // the browser has its answer before any of our work runs
    tasks.forEach((run) => run());
    expect(handed).toEqual([['7', answer]]);
  });

  it('leaves requests outside tabs alone (no promise, nothing asked)', () => {
    let asked = 0;
    const listener = blockingFrameListener(
      async () => (asked++, {}),
      createDeferQueue(() => undefined),
      () => undefined,
    );
    expect(listener(details('1', -1))).toBeUndefined();
    expect(asked).toBe(0);
  });
});
