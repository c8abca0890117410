/**
 * The whole popup for one tab, presentational: the view and the parse/inspect state in,
 * markup out. PopupApp does the loading and the browser calls.
 *
 * Order: the verdict first (what people open the popup for), then who can see what, the
 * site's identity, the connection's facts, the chain, and the other hosts.
 */
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
export function isComplete(chain: ChainState): boolean {
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
          view={onlookerView(main, state?.mixed ?? [], { localAsRemote })}
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
