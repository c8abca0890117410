/**
 * The page side of the probe, injected by the background (lib/page/inject.ts) into the top
 * frame once the page has loaded: scans now, hands the result back to executeScript (no
 * message), and leaves a watch that messages only what appears later.
 * State: the one running watch, kept on the extension's isolated-world global so a second
 * injection into the same document (a back-forward-cache restore) replaces it instead of
 * adding another.
 */
import { send } from '@/lib/messages';
import type { PageProbe } from '@/lib/messages';
import { collectorFor, probePage } from './probe';
import { PageWatch } from './watch';

/** What executeScript returns to the background: the probe, and which document it describes. */
export interface ProbeResult extends PageProbe {
  url: string;
}

const RUNNING = Symbol.for('onlooker.page-watch');

export function startProbe(): ProbeResult {
  const slot = globalThis as { [RUNNING]?: PageWatch };
  slot[RUNNING]?.stop();
  const href = location.href;
  const out = collectorFor(href);
  const result = probePage(document, performance, href, out);
  // Plain-HTTP pages are watched too: a login form is often drawn only when asked for.
  if (/^https?:/.test(href) && !out.done) {
    const watch = new PageWatch(document, out, {
      report: (found) => void send('page-probe', { protocol: '', ...found }).catch(() => undefined),
    });
    watch.start();
    slot[RUNNING] = watch;
  }
  return { url: href, ...result };
}
