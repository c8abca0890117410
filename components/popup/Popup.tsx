/**
 * The popup for one tab: its container (PopupApp, at the end) and what it draws (Popup).
 *
 * Popup is presentational: the view and the parse/inspect state in, markup out. Order: the
 * verdict first (what people open the popup for), then who can see what, the site's identity,
 * the connection's facts, the chain, and the other hosts. Each section gets its view-model
 * (lib/popup/<name>.ts) computed here.
 *
 * PopupApp gets the data the entry script asked for before the first render
 * (entrypoints/popup/load.ts), reads the certificates for the first view, parses a chain
 * entry's full details when they are wanted, and makes the browser calls: messages through
 * lib/messages.ts, the rest through lib/popup/popup-io.ts.
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
import { t as translate } from '@/lib/i18n/t';
import { send } from '@/lib/messages';
import {
  copyText,
  downloadPem,
  fetchCertCache,
  openInTab,
  requestDebugger,
  requestOrigin,
  storeCertCache,
  addExpectation,
} from '@/lib/popup/popup-io';
import type { Settings } from '@/lib/settings';
import type { CertChainEntry } from '@/components/cert/CertChain';
import { cachedChain, rememberChain } from '@/lib/popup/cert-cache';
import { briefChain, hasDetails, parseChainEntries, withDetails } from '@/lib/popup/chain';
import { inspectErrorMessage } from '@/lib/popup/inspect';
import type { CertParseResult } from '@/lib/cert/types';
import { loadCtLogNames } from '@/lib/cert/ct-logs';
import type { CertSummary } from '@/lib/report/types';
import { originOf } from '@/lib/report/url';
import { dateFormatIn, type FormatDate } from '@/components/cert/types';
import type { TabView } from '@/lib/messages';
import { absentCertificateReason, chainOf, type ChainState } from '@/lib/popup/chain';
import { connectionFacts } from '@/lib/popup/connection';
import { proveChain } from '@/lib/popup/chain-proof';
import { handshakeView } from '@/lib/popup/handshake';
import { headerView } from '@/lib/popup/verdict-header';
import { hostsView } from '@/lib/popup/hosts';
import { httpsUrl } from '@/lib/popup/https-url';
import { inspectOffer, type InspectStep } from '@/lib/popup/inspect';
import type { Translate } from '@/lib/popup/message';
import { onlookerView } from '@/lib/popup/onlookers';
import { blockedBySecurity } from '@/lib/report/error-kinds';
import type { CtLogNames } from '@/lib/cert/ct-logs';
import { ChainSection } from './ChainSection';
import { ConnectionSection } from './ConnectionSection';
import { HandshakeSection } from './HandshakeSection';
import { HostPermissionNotice } from './HostPermissionNotice';
import { HostsSection } from './HostsSection';
import { IdentitySection } from './IdentitySection';
import { InspectPanel } from './InspectPanel';
import { OnlookersSection } from './OnlookersSection';
import { VerdictHeader } from './VerdictHeader';
import { safeParam } from '@/lib/safe-text';
import { outsideChecks } from '@/lib/popup/outside-checks';
import { indexExpectations, type Expectation } from '@/lib/watch/expectations';
import { ExpectSection } from '@/components/cert/ExpectCertificate';
import { OutsideChecksSection } from './OutsideChecksSection';

/** What the popup's buttons do; all are browser calls, made by the parent. */
export interface PopupHandlers {
  onCopy: (text: string) => void;
  onDownload: (pem: string, fileName: string) => void;
  onTryHttps: (url: string) => void;
  onInspectStart: () => void;
  /** Must request the permission synchronously: it runs inside the click (user gesture). */
  onInspectConfirm: () => void;
  onInspectCancel: () => void;
  /** Same gesture rule. */
  onGrantHost: () => void;
  /** Stores an expectation for this site; resolves true once stored. */
  onExpect: (e: Expectation) => Promise<boolean>;
}

/** Props of {@link Popup}. */
export interface PopupProps {
  view: TabView;
  chain: ChainState;
  inspect: InspectStep;
  /** The instant validity and ages are judged against (ms). */
  now: number;
  /** The user's "judge local sites like remote ones" setting, as the badge uses it. */
  localAsRemote?: boolean;
  /** The user's expectations (storage.local), so the popup judges pages as the badge does. */
  expectations?: readonly Expectation[];
  handlers: PopupHandlers;
  /** A chain entry's details are wanted (opened, or pointer/focus on the list): parse them. */
  onWantDetails?: () => void;
  /** Names for the SCTs' logs, once the snapshot is loaded. */
  ctLogs?: CtLogNames;
  t: Translate;
  /** Defaults to dates in the messages' language (`popup_lang`). */
  formatDate?: FormatDate;
}

/** The privacy-history page, on this site's view when there is a site. */
function privacyHref(host: string | undefined): string {
  return host ? `/privacy.html#site=${encodeURIComponent(host)}` : '/privacy.html';
}

/**
 * True once everything visible without user action is drawn: the view and the chain's first
 * view (identity card, collapsed entries). Collapsed entries' details are not part of it.
 */
function isComplete(chain: ChainState): boolean {
  return chain.status === 'none' || chain.status === 'done';
}

export function Popup({
  view,
  chain,
  inspect,
  now,
  localAsRemote = false,
  expectations = [],
  handlers,
  onWantDetails,
  ctLogs,
  t,
  ...rest
}: PopupProps) {
  // Dates follow the language of the popup's messages, not the browser's (they differ when
  // _locales falls back to English).
  const formatDate = rest.formatDate ?? dateFormatIn(t('popup_lang'));
  const state = view.state;
  const main = state?.main;
  const index = indexExpectations(expectations);
  const header = headerView(state, { localAsRemote, expectations: index });
  const certs = chainOf(main);
  const leaf = certs[0];
  const first = chain.status === 'done' ? chain.entries[0] : undefined;
  // The light reading (always there once 'done'), or the full parse when that is all there is.
  const parsedLeaf = first?.brief ?? first?.result;
  const offer = inspectOffer(view.engine, main);
  const networked = main !== undefined && main.scheme !== 'file' && main.scheme !== 'browser' && main.scheme !== 'other';
  const tryUrl = main && (main.scheme === 'http' || main.scheme === 'ws') ? httpsUrl(state?.url ?? main.url) : undefined;
  const complete = isComplete(chain);
  // Before an inspection "Inspect" is the popup's main action, so it comes first; afterwards
  // it sits below the facts it refreshes, and the page's onlookers come first.
  const inspectPanel = offer.offered && (
    <InspectPanel
      step={inspect}
      {...(offer.inspectedAt !== undefined ? { inspectedAt: offer.inspectedAt } : {})}
      {...(offer.inspectedBy !== undefined ? { inspectedBy: offer.inspectedBy } : {})}
      granted={view.canInspect}
      now={now}
      onStart={handlers.onInspectStart}
      onConfirm={handlers.onInspectConfirm}
      onCancel={handlers.onInspectCancel}
      t={t}
    />
  );

  return (
    <main class="popup" data-ready="true" data-complete={complete ? 'true' : 'false'}>
      <VerdictHeader header={header} t={t} />
      {state && !view.hostPermission && <HostPermissionNotice onGrant={handlers.onGrantHost} t={t} />}
      {offer.offered && offer.inspectedAt === undefined && inspectPanel}
      {main && networked && (
        <OnlookersSection
          view={onlookerView(main, state ?? {}, { localAsRemote })}
          {...(tryUrl ? { httpsUrl: tryUrl } : {})}
          onTryHttps={handlers.onTryHttps}
          t={t}
        />
      )}
      {main && networked && (
        <IdentitySection
          {...(leaf ? { leaf } : { absent: absentCertificateReason(main) })}
          {...(parsedLeaf ? { parsed: parsedLeaf } : {})}
          parsing={chain.status === 'parsing' || chain.status === 'idle'}
          {...(main.tls?.extendedValidation !== undefined ? { extendedValidation: main.tls.extendedValidation } : {})}
          onCopy={handlers.onCopy}
          now={now}
          formatDate={formatDate}
          t={t}
        />
      )}
      {main && leaf && (main.scheme === 'https' || main.scheme === 'wss') && !main.error && (
        <ExpectSection host={main.host} leaf={leaf} current={index.forHost(main.host)} onExpect={handlers.onExpect} now={now} t={t} />
      )}
      {main && networked && <OutsideChecksSection checks={outsideChecks(main)} t={t} />}
      {networked && <ConnectionSection facts={connectionFacts(view.engine, main)} t={t} />}
      {main && networked && (
        <HandshakeSection
          view={handshakeView(main, view.engine)}
          {...(main.tls && !blockedBySecurity(main) ? { prove: () => proveChain(certs, main.tls?.rootBuiltIn) } : {})}
          t={t}
        />
      )}
      {offer.offered && offer.inspectedAt !== undefined && inspectPanel}
      {certs.length > 0 && (
        <ChainSection
          {...(chain.status === 'done' ? { entries: chain.entries } : {})}
          {...(onWantDetails ? { onWantDetails } : {})}
          {...(ctLogs ? { ctLogs } : {})}
          onDownload={handlers.onDownload}
          onCopy={handlers.onCopy}
          now={now}
          formatDate={formatDate}
          t={t}
        />
      )}
      {state && <HostsSection hosts={hostsView(state, view.engine)} t={t} />}
      <footer class="popup-footer">
        {/* An extension page: target=_blank opens it in a tab in both engines, no API needed. */}
        <a href={privacyHref(main?.host)} target="_blank" rel="noopener">
          {main?.host && networked ? t('popup_history_site', [safeParam(main.host)]) : t('popup_history_open')}
        </a>
      </footer>
    </main>
  );
}

// ---- The container: loading, parsing, browser calls ----

declare global {
  interface Window {
    /** performance.now() when the popup finished rendering everything (read by bench/popup.bench.ts). */
    __onlookerRenderedAt?: number;
  }
}

/** What the popup needs before it can draw anything (entrypoints/popup/load.ts asks for it). */
export interface PopupData {
  tabId: number;
  view: TabView;
  /** Undefined when the settings could not be read: then the defaults apply. */
  settings?: Settings;
  /** The user's expectations (empty when unreadable). */
  expectations: Expectation[];
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
        <p class="popup-empty">{translate('popup_no_tab')}</p>
      </main>
    );
  }
  if (!view || tabId === undefined) return <main class="popup" aria-busy="true" />;

  // A new view may carry a new chain: show() resets it in the same render, never stale.
  const reload = () => send('get-tab', { tabId }).then(show);
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
          const result = await send('inspect', { tabId });
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
      t={translate}
    />
  );
}
