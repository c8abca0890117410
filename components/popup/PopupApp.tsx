/**
 * The popup's container: finds the tab, loads its view, parses the certificates after the
 * first render, and makes every browser call (through lib/popup/actions.ts). Everything it
 * draws is <Popup>, which is presentational.
 *
 * Contract with the tests and the bench: the root gets data-ready="true" once the view is
 * loaded, and data-complete="true" once everything — the lazily parsed chain included — is
 * rendered; at that moment `window.__onlookerRenderedAt` records performance.now().
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n/t';
import type { TabView } from '@/lib/messages';
import {
  copyText,
  downloadText,
  fetchView,
  inspect as runInspect,
  openInTab,
  requestDebugger,
  requestOrigin,
  storeCertCache,
  type PopupData,
} from '@/lib/popup/actions';
import type { CertChainEntry } from '@/components/cert/CertChain';
import { cachedChain, rememberChain, type CertCache } from '@/lib/popup/cert-cache';
import { chainOf, hasDer, parseChainEntries, type ChainState } from '@/lib/popup/certificates';
import { inspectErrorMessage, type InspectStep } from '@/lib/popup/inspect';
import { originOf } from '@/lib/report/url';
import { isComplete, Popup, type PopupHandlers } from './Popup';

declare global {
  interface Window {
    /** performance.now() when the popup finished rendering everything (read by bench/popup.bench.ts). */
    __onlookerRenderedAt?: number;
  }
}

/** Props of {@link PopupApp}. */
export interface PopupAppProps {
  /** The popup's data, already requested by the entry script (see loadPopup). */
  loading: Promise<PopupData>;
}

export function PopupApp({ loading }: PopupAppProps) {
  const [tabId, setTabId] = useState<number>();
  const [view, setView] = useState<TabView | null>(null);
  const [failed, setFailed] = useState(false);
  const [chain, setChain] = useState<ChainState>({ status: 'idle' });
  const [inspect, setInspect] = useState<InspectStep>({ step: 'idle' });
  const [localAsRemote, setLocalAsRemote] = useState(false);

  const certCache = useRef<CertCache>([]);
  const pending = useRef<{ view: TabView; entries: Promise<CertChainEntry[]> }>();

  /**
   * Shows a view. Its chain comes from the cache when every certificate was parsed before;
   * otherwise the parser is asked for now, in the same turn as the render of the summaries:
   * Preact commits that render in a microtask, and the parser chunk cannot arrive before a
   * later task, so parsing still happens after the first render, while the download of the
   * chunk overlaps the render instead of following it.
   */
  const show = (next: TabView) => {
    const certs = chainOf(next.state?.main);
    const cached = cachedChain(certCache.current, certs);
    if (!cached && hasDer(certs)) {
      performance.mark('onlooker-parse-start');
      pending.current = { view: next, entries: parseChainEntries(certs) };
    }
    setChain(cached ? { status: 'done', entries: cached } : { status: 'idle' });
    setView(next);
  };

  useLayoutEffect(() => {
    loading.then(
      (data) => {
        certCache.current = data.certCache;
        setTabId(data.tabId);
        // Settings change how pages are judged; unreadable settings mean the defaults.
        if (data.settings) setLocalAsRemote(data.settings.localAsRemote);
        show(data.view);
      },
      () => setFailed(true),
    );
  }, [loading]);

  // Once the summaries are on screen, take the parsed chain when it is ready ('idle' already
  // reads as "parsing").
  useLayoutEffect(() => {
    if (!view || chain.status !== 'idle') return;
    const certs = chainOf(view.state?.main ?? undefined);
    if (!hasDer(certs)) {
      setChain(certs.length ? { status: 'done', entries: certs.map((summary) => ({ result: { ok: false, reason: 'empty' }, summary })) } : { status: 'none' });
      return;
    }
    let current = true;
    const started = pending.current?.view === view ? pending.current.entries : parseChainEntries(certs);
    pending.current = undefined;
    void started.then((entries) => {
      performance.mark('onlooker-parsed');
      if (!current) return;
      setChain({ status: 'done', entries });
      certCache.current = rememberChain(certCache.current, entries);
      void storeCertCache(certCache.current);
    });
    return () => {
      current = false;
    };
  }, [view, chain.status]);

  const complete = failed || (view !== null && isComplete(chain));
  useLayoutEffect(() => {
    if (complete) window.__onlookerRenderedAt = performance.now();
  }, [complete, chain]);

  if (failed) {
    return (
      <main class="popup" data-ready="true" data-complete="true">
        <p class="popup-empty">{t('popup_no_tab')}</p>
      </main>
    );
  }
  if (!view || tabId === undefined) return <main class="popup" aria-busy="true" />;

  // A new view may carry a new chain: show() resets it in the same render, never stale.
  const reload = () => fetchView(tabId).then(show);
  const handlers: PopupHandlers = {
    onCopy: (text) => void copyText(text),
    onDownload: (pem, fileName) => downloadText(pem, fileName),
    onTryHttps: (url) => {
      void openInTab(tabId, url).then(() => {
        // A real popup has done its job; one opened as a page (?tab=, tests) stays to be read.
        if (!new URLSearchParams(location.search).has('tab')) window.close();
      });
    },
    onInspectStart: () => setInspect({ step: 'explain' }),
    onInspectCancel: () => setInspect({ step: 'idle' }),
    onInspectConfirm: () => {
      // The permission request must be the first thing in the click: no await before it.
      const permitted = view.canInspect ? Promise.resolve(true) : requestDebugger();
      setInspect({ step: view.canInspect ? 'running' : 'asking' });
      permitted
        .then(async (granted) => {
          if (!granted) {
            setInspect({ step: 'failed', error: inspectErrorMessage('declined') });
            return;
          }
          setInspect({ step: 'running' });
          const result = await runInspect(tabId);
          setInspect(result.ok ? { step: 'idle' } : { step: 'failed', error: inspectErrorMessage(result.error) });
          await reload();
        })
        .catch(() => setInspect({ step: 'failed', error: inspectErrorMessage('failed') }));
    },
    onGrantHost: () => {
      const origin = view.state ? originOf(view.state.url) : undefined;
      if (origin) void requestOrigin(origin).then((granted) => (granted ? reload() : undefined));
    },
  };

  return (
    <Popup view={view} chain={chain} inspect={inspect} now={Date.now()} localAsRemote={localAsRemote} handlers={handlers} t={t} />
  );
}
