import { describe, expect, it } from 'vitest';
import { TabStore, MAX_INSPECTIONS } from '@/lib/state/tab-store';
import { newPage } from '@/lib/state/page';
import { REPORT_VERSION, type ConnectionReport, type TlsInfo } from '@/lib/report/types';
import { MapArea } from './fake-area';

const report = (url: string): ConnectionReport => ({
  v: REPORT_VERSION,
  engine: 'chromium',
  url,
  host: new URL(url).hostname,
  scheme: 'https',
  time: 1,
});

describe('TabStore', () => {
  it('survives a worker restart: a new store reads back what the old one flushed', async () => {
    const area = new MapArea();
    const first = new TabStore(area, 5);
    await first.ready;
    first.set(7, newPage(7, report('https://a.test/')));
    await first.flush();

    const second = new TabStore(area, 5);
    expect(second.loaded).toBe(false);
    await second.ready;
    expect(second.get(7)?.main?.host).toBe('a.test');
  });

  it('coalesces many changes into one write', async () => {
    const area = new MapArea();
    const store = new TabStore(area, 5);
    await store.ready;
    const state = newPage(1, report('https://a.test/'));
    store.set(1, state);
    for (let i = 0; i < 100; i++) store.touch(1);
    await new Promise((r) => setTimeout(r, 20));
    await store.flush();
    expect(area.writes).toBe(1);
  });

  it('removes closed tabs from storage', async () => {
    const area = new MapArea();
    const store = new TabStore(area, 5);
    await store.ready;
    store.set(2, newPage(2, report('https://b.test/')));
    await store.flush();
    store.delete(2);
    await store.flush();
    expect(area.data.has('tab:2')).toBe(false);
  });

  it('drops state of another report version instead of misreading it', async () => {
    const area = new MapArea();
    area.data.set('tab:3', { v: 999, tabId: 3 });
    area.data.set('tab:4', 'garbage');
    const store = new TabStore(area, 5);
    await store.ready;
    expect(store.all()).toEqual([]);
  });

  it('keeps inspections per origin, bounded, across restarts', async () => {
    const area = new MapArea();
    const store = new TabStore(area, 5);
    await store.ready;
    const tls = (n: number): TlsInfo => ({ certificates: [], source: 'chromium-debugger', inspectedAt: n });
    for (let i = 0; i <= MAX_INSPECTIONS; i++) store.setInspection(`https://h${i}.test`, tls(i));
    await store.flush();
    const again = new TabStore(area, 5);
    await again.ready;
    expect(again.inspection('https://h0.test')).toBeUndefined();
    expect(again.inspection(`https://h${MAX_INSPECTIONS}.test`)?.inspectedAt).toBe(MAX_INSPECTIONS);
  });

  it('keeps working in memory when storage refuses a write', async () => {
    const area = new MapArea();
    area.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    const store = new TabStore(area, 5);
    await store.ready;
    store.set(5, newPage(5, report('https://c.test/')));
    await expect(store.flush()).resolves.toBeUndefined();
    expect(store.get(5)?.main?.host).toBe('c.test');
  });
});
