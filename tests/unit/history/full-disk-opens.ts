/**
 * Makes `indexedDB.open` fail while `disk.full`, the way Chromium 156 failed every open on a
 * really full disk (full-disk.e2e.ts): an UnknownError "Internal error opening backing store".
 * Hand-made: fake-indexeddb has no disk to fill. `restore()` puts the real open back.
 */
export function fullDiskOpens() {
  const disk = { full: true, failed: 0 };
  const factory = globalThis.indexedDB;
  const real = factory.open.bind(factory);
  factory.open = ((name: string, version?: number) => {
    if (!disk.full) return real(name, version);
    disk.failed += 1;
    const request = {
      error: new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'),
      onerror: null as ((event: unknown) => void) | null,
    };
    setTimeout(() => request.onerror?.({ type: 'error', target: request, preventDefault() {}, stopPropagation() {} }));
    return request as unknown as IDBOpenDBRequest;
  }) as typeof factory.open;
  return { disk, restore: () => void (factory.open = real) };
}
