/**
 * A linkedom document for component tests: the globals Preact needs, and `mount()`, which
 * renders into a fresh container that is unmounted after each test.
 */
import { parseHTML } from 'linkedom';
import { render, type ComponentChild } from 'preact';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

/** An element of the linkedom document (its own type, not the DOM lib's HTMLElement). */
export type DomElement = ReturnType<ReturnType<typeof parseHTML>['document']['createElement']>;

export function linkedomDom() {
  const { document, window } = parseHTML('<!doctype html><html><body></body></html>');
  let container: DomElement | undefined;
  beforeAll(() => {
    vi.stubGlobal('document', document);
    vi.stubGlobal('matchMedia', () => ({ addEventListener: () => undefined, removeEventListener: () => undefined }));
    vi.stubGlobal('HTMLElement', window.HTMLElement);
  });
  afterAll(() => vi.unstubAllGlobals());
  afterEach(() => {
    if (container) render(null, container as unknown as Element);
    container = undefined;
  });
  function mount(vnode: ComponentChild) {
    container = document.createElement('div');
    document.body.appendChild(container);
    render(vnode, container as unknown as Element);
    return container;
  }
  return { document, window, mount };
}
