/**
 * The popup's container: finds the tab, loads its view, reads the certificates for the first
 * view, parses a chain entry's full details when they are wanted, and makes every browser call
 * (through lib/popup/popup-io.ts). Everything it draws is <Popup>, which is presentational.
 *
 * Contract with the tests and the bench: the root gets data-ready="true" once the view is
 * loaded, and data-complete="true" once everything visible without user action is rendered;
 * at that moment `window.__onlookerRenderedAt` records performance.now(). Both arrive in the
 * same render: the view is shown only with its certificates already read by the light reader
 * (lib/cert/summary.ts, ~1 ms), so the identity card and the chain list are complete at once.
 * The chain entries are collapsed <details>; their hidden bodies (key usages, AIA, SCTs,
 * extensions…: the full x509 parse) are not part of "complete" and are parsed when an entry
 * is opened, or when the pointer or focus reaches the chain list.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n/t';
import type { TabView } from '@/lib/messages';
import {
  copyText,
  downloadPem,
  fetchCertCache,
  fetchView,
  inspect as runInspect,
  openInTab,
  requestDebugger,
  requestOrigin,
  storeCertCache,
  addExpectation,
  type PopupData,
} from '@/lib/popup/popup-io';
import type { Expectation } from '@/lib/watch/expectations';
import type { CertChainEntry } from '@/components/cert/CertChain';
import { cachedChain, rememberChain } from '@/lib/popup/cert-cache';
import { briefChain, chainOf, hasDetails, parseChainEntries, withDetails, type ChainState } from '@/lib/popup/chain';
import { inspectErrorMessage, type InspectStep } from '@/lib/popup/inspect';
import type { CertParseResult } from '@/lib/cert/types';
import { loadCtLogNames, type CtLogNames } from '@/lib/cert/ct-logs';
import type { CertSummary } from '@/lib/report/types';
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

/** The chain's first view: read by the light reader, or 'none' without certificates. */
async function firstChain(certs: readonly CertSummary[]): Promise<ChainState> {
  if (!certs.length) return { status: 'none' };
  performance.mark('onlooker-brief-start');
  const entries = await briefChain(certs);
  performance.mark('onlooker-brief');
  return { status: 'done', entries };
}

/**
 * Full details for every certificate: from the storage.session cache when an earlier popup
 * parsed them all, else parsed with x509 (loaded on first use) and remembered.
 */
async function chainDetails(certs: readonly CertSummary[]): Promise<CertParseResult[]> {
  const cache = await fetchCertCache();
  const cached = cachedChain(cache, certs);
  if (cached) return cached.map((e) => e.result ?? { ok: false, reason: 'empty' });
  performance.mark('onlooker-parse-start');
  const parsed = await parseChainEntries(certs);
  performance.mark('onlooker-parsed');
  void storeCertCache(rememberChain(cache, parsed));
  return parsed.map((e) => e.result ?? { ok: false, reason: 'empty' });
}

export function PopupApp({ loading }: PopupAppProps) {
  const [tabId, setTabId] = useState<number>();
  const [view, setView] = useState<TabView | null>(null);
  const [failed, setFailed] = useState(false);
  const [chain, setChain] = useState<ChainState>({ status: 'idle' });
  const [inspect, setInspect] = useState<InspectStep>({ step: 'idle' });
  const [localAsRemote, setLocalAsRemote] = useState(false);
  /** Names of the CT logs in the SCTs, loaded with the details (never by the background). */
  const [ctLogs, setCtLogs] = useState<CtLogNames>();
  const [expectations, setExpectations] = useState<Expectation[]>([]);

  /** Counts shown views, so a slower earlier one never overwrites a newer one. */
  const shown = useRef(0);
  /** The entries whose details were asked for (asked once per chain). */
  const detailsAsked = useRef<readonly CertChainEntry[]>();

  /** Shows a view together with its chain's first view, in one render. */
  const show = async (next: TabView) => {
    const n = ++shown.current;
    const first = await firstChain(chainOf(next.state?.main));
    if (n !== shown.current) return;
    setChain(first);
    setView(next);
  };

  useLayoutEffect(() => {
    loading.then(
      (data) => {
        setTabId(data.tabId);
        // Settings change how pages are judged; unreadable settings mean the defaults.
        if (data.settings) setLocalAsRemote(data.settings.localAsRemote);
        setExpectations(data.expectations);
        return show(data.view);
      },
      () => setFailed(true),
    );
  }, [loading]);

  const complete = failed || (view !== null && isComplete(chain));
  // Once per shown view (a reload after an inspection records again); parsed details arriving
  // later do not move it.
  useLayoutEffect(() => {
    if (complete) window.__onlookerRenderedAt = performance.now();
  }, [complete, view]);

  /** Parses the chain's details once, when an entry is opened or about to be. */
  const wantDetails = () => {
    if (chain.status !== 'done' || detailsAsked.current === chain.entries || hasDetails(chain.entries)) return;
    const entries = chain.entries;
    detailsAsked.current = entries;
    const certs = entries.flatMap((e) => (e.summary ? [e.summary] : []));
    void loadCtLogNames().then(setCtLogs);
    void chainDetails(certs)
      // Never left "reading": a failure becomes an error the entries show.
      .catch((error: unknown): CertParseResult[] => certs.map(() => ({ ok: false, reason: 'internal', detail: String(error) })))
      .then((results) =>
        setChain((current) =>
          current.status === 'done' && current.entries === entries ? { status: 'done', entries: withDetails(entries, results) } : current,
        ),
      );
  };

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
    onDownload: (pem, fileName) => downloadPem(pem, fileName),
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
    onExpect: (e) =>
      addExpectation(e).then((list) => {
        if (list) setExpectations(list);
        return list !== undefined;
      }),
    onGrantHost: () => {
      const origin = view.state ? originOf(view.state.url) : undefined;
      if (origin) void requestOrigin(origin).then((granted) => (granted ? reload() : undefined));
    },
  };

  return (
    <Popup
      view={view}
      chain={chain}
      inspect={inspect}
      now={Date.now()}
      localAsRemote={localAsRemote}
      expectations={expectations}
      handlers={handlers}
      onWantDetails={wantDetails}
      {...(ctLogs ? { ctLogs } : {})}
      t={t}
    />
  );
}
