/**
 * The verdict header: what the popup says first. The first reason of the verdict is the one
 * sentence in plain words; the others are listed below it.
 */
import { verdictTitleKey } from '@/lib/report/labels';
import { urlParts } from '@/lib/report/url';
import { verdict, type VerdictOptions } from '@/lib/report/verdict';
import type { TabState, VerdictKind } from '@/lib/report/types';
import { HISTORY_EVENT_MESSAGES } from '@/lib/i18n/keys';
import { msg, type Message } from './message';

/** Everything the header shows. */
export interface HeaderView {
  kind: VerdictKind;
  /** The site's host name; for pages without one (files, browser pages) the URL itself. */
  host: string;
  /** "Secure connection", "Not encrypted", … */
  title: Message;
  /** The most important reason, as one sentence. */
  sentence: Message;
  /** The remaining reasons, most important first. */
  more: Message[];
  /** What changed since earlier visits (history's alerts, the same the badge shows), newest first. */
  alerts: Message[];
}

/**
 * The header for a tab; `null` state means Onlooker knows nothing about the tab yet. `opts` are
 * the user's settings, the same the badge is painted with, so popup and badge agree.
 */
export function headerView(state: TabState | null, opts: VerdictOptions = {}): HeaderView {
  if (!state) {
    return { kind: 'unknown', host: '', title: msg(verdictTitleKey('unknown')), sentence: msg('reason_no_report'), more: [], alerts: [] };
  }
  const v = verdict(state, opts);
  const [first, ...more] = v.reasons;
  const host = state.main?.host || urlParts(state.url).host || state.url;
  return {
    kind: v.kind,
    host,
    title: msg(verdictTitleKey(v.kind)),
    // verdict() promises at least one reason; the fallback only keeps the types honest.
    sentence: first ?? msg('reason_no_report'),
    more,
    alerts: [...(state.alerts ?? [])].reverse().map((a) => msg(HISTORY_EVENT_MESSAGES[a.kind].alert)),
  };
}
