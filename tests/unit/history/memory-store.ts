/**
 * The history logger's session queue for tests: a Map instead of `browser.storage.session`.
 * Share the Map between two loggers to simulate a restarted worker. structuredClone, as the
 * storage API does, so a test never shares objects with the logger by accident.
 */
import type { QueueStore } from '../../../lib/history/logger';

export function memoryStore(map: Map<string, unknown> = new Map(), key = 'historyQueue'): QueueStore {
  return {
    get: async () => structuredClone(map.get(key)),
    set: async (state) => {
      map.set(key, structuredClone(state));
    },
  };
}
