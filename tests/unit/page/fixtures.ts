/**
 * Hand-made DOMs for the page-probe tests (linkedom). linkedom does not reflect URLs in DOM
 * properties the way browsers do (form.action, img.src stay raw or absent), so these tests
 * cover which elements count, their kinds, frames, bounds and the watch; the browsers'
 * own URL reflection is covered end to end in tests/e2e/mixed.e2e.ts.
 */
import { parseHTML } from 'linkedom';

export const PAGE = 'https://shop.test/checkout';

/** A document for `body`, with <base href> defaulting to the page URL (linkedom has no URL). */
export function dom(body: string, base = PAGE) {
  const { document, window, MutationObserver } = parseHTML(
    `<!doctype html><html><head><base href="${base}"></head><body>${body}</body></html>`,
  );
  return { document: document as unknown as Document, window, MutationObserver };
}

/** Navigation timing as the probe reads it. */
export const perf = (nextHopProtocol?: string) =>
  ({
    getEntriesByType: () => (nextHopProtocol === undefined ? [] : [{ nextHopProtocol }]),
  }) as unknown as Pick<Performance, 'getEntriesByType'>;

/**
 * Gives `frame` a document, as a browser does for same-origin and srcdoc frames: through its
 * prototype (the probe reads contentDocument there, never from the element itself).
 */
export function attachFrame(frame: Element, doc: Document): void {
  const proto = Object.create(Object.getPrototypeOf(frame) as object) as object;
  Object.defineProperty(proto, 'contentDocument', { get: () => doc });
  Object.setPrototypeOf(frame, proto);
}
