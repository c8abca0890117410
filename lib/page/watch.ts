/**
 * Keeps watching a scanned page for what appears later: on HTTPS, plain-HTTP targets (a form
 * added or retargeted by script, a `<base>` changed, a frame loaded); on both schemes, secret
 * fields (a login dialog rendered on demand). Cheap by construction: the
 * MutationObserver callback only queues the touched elements; one debounced pass checks just
 * those (a whole rescan only when `<base>` changes, a frame loads or the queue overflows).
 *
 * State (all in the page, gone with it): the observed documents, the queue, and the collector
 * holding what was already reported, so each item is sent once and at most LIMIT in all. Reports
 * are bounded too (MAX_REPORTS per showing of the page); after that, or once nothing more can be
 * found (collector done), the watch stops. It pauses while the page is hidden or in the back-forward cache and
 * rescans on return; back from that cache it reports everything again, as the tab's state was reset.
 */
import {
  MixedCollector,
  type Found,
  WATCHED_ATTRIBUTES,
  accessibleDocuments,
  call,
  matches,
  reflect,
  scanDocuments,
  scanElement,
} from './probe';

/** Messages one page may cause: a page rewriting its DOM forever must not message forever. */
export const MAX_REPORTS = 10;
/** Mutations come in bursts (a framework rendering a view): one check after the burst. */
export const DEBOUNCE_MS = 300;
/** Queued elements beyond this make one full rescan instead (cheaper than many subtree scans). */
const MAX_QUEUE = 200;

export interface WatchOptions {
  report: (found: Found) => void;
  delay?: number;
  maxReports?: number;
}

const FRAMES = 'iframe, frame';

export class PageWatch {
  private readonly observer: MutationObserver;
  private readonly observed = new Set<Document>();
  private readonly queue = new Set<Element>();
  private rescan = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reports = 0;
  private paused = false;
  private stopped = false;
  private readonly onLoad = (event: Event) => {
    // Frames load after they are inserted (and again when they navigate): their document is new.
    if (event.target && matches(event.target, FRAMES)) this.schedule(true);
  };
  private readonly onVisibility = () => (this.top.visibilityState === 'hidden' ? this.pause() : this.resume());
  private readonly onPageHide = () => this.pause();
  private readonly onPageShow = (event: Event) => {
    // Restored from the back-forward cache: the background starts a fresh state for the tab,
    // so everything is news again (and the report bound starts over for this showing).
    if ((event as PageTransitionEvent).persisted && this.paused) {
      this.out.reset();
      this.reports = 0;
    }
    this.resume();
  };

  constructor(
    private readonly top: Document,
    private readonly out: MixedCollector,
    private readonly options: WatchOptions,
  ) {
    this.observer = new MutationObserver((records) => this.mutated(records));
  }

  /** Starts observing every document the probe scanned (call after probePage with the same collector). */
  start(): void {
    const win = this.top.defaultView;
    this.top.addEventListener('visibilitychange', this.onVisibility);
    win?.addEventListener('pagehide', this.onPageHide);
    win?.addEventListener('pageshow', this.onPageShow);
    if (this.top.visibilityState === 'hidden') this.paused = true;
    else this.observeAll();
  }

  stop(): void {
    this.stopped = true;
    this.pause();
    const win = this.top.defaultView;
    this.top.removeEventListener('visibilitychange', this.onVisibility);
    win?.removeEventListener('pagehide', this.onPageHide);
    win?.removeEventListener('pageshow', this.onPageShow);
  }

  private observeAll(): void {
    for (const doc of accessibleDocuments(this.top)) {
      if (this.observed.has(doc)) continue;
      this.observed.add(doc);
      this.observer.observe(doc, { childList: true, subtree: true, attributes: true, attributeFilter: WATCHED_ATTRIBUTES });
      doc.addEventListener('load', this.onLoad, true);
    }
  }

  private pause(): void {
    this.paused = true;
    this.observer.disconnect();
    for (const doc of this.observed) doc.removeEventListener('load', this.onLoad, true);
    this.observed.clear();
    this.queue.clear();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Back from hidden or the back-forward cache: what changed meanwhile was not observed, so rescan. */
  private resume(): void {
    if (this.stopped || !this.paused) return;
    this.paused = false;
    this.observeAll();
    this.schedule(true);
  }

  private mutated(records: MutationRecord[]): void {
    for (const record of records) {
      if (record.type === 'attributes') this.enqueue(record.target);
      else for (const node of Array.from(record.addedNodes)) this.enqueue(node);
    }
    this.schedule(false);
  }

  private enqueue(node: Node): void {
    // Read through prototypes (see reflect): a form's controls can shadow nodeType or localName.
    if (this.rescan || !matches(node, '*')) return;
    const el = node as Element;
    // A new or changed <base> moves every relative URL of its document; new frames bring documents.
    if (matches(el, `base, ${FRAMES}`) || call<Element | null>(el, 'querySelector', `base, ${FRAMES}`)) {
      this.rescan = true;
      this.queue.clear();
      return;
    }
    this.queue.add(el);
    if (this.queue.size > MAX_QUEUE) {
      this.rescan = true;
      this.queue.clear();
    }
  }

  private schedule(rescan: boolean): void {
    if (this.stopped || this.paused) return;
    if (rescan) {
      this.rescan = true;
      this.queue.clear();
    }
    if (!this.rescan && !this.queue.size) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.delay ?? DEBOUNCE_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.rescan) {
      this.rescan = false;
      this.observeAll();
      scanDocuments(accessibleDocuments(this.top), this.out);
    } else {
      for (const el of this.queue) if (reflect(el, 'isConnected') !== false) scanElement(el, this.out);
    }
    this.queue.clear();
    const fresh = this.out.take();
    if (fresh.mixed.length || fresh.secrets.length) {
      this.reports += 1;
      this.options.report(fresh);
    }
    if (this.out.done || this.reports >= (this.options.maxReports ?? MAX_REPORTS)) this.stop();
  }
}
