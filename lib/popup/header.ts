/**
 * The verdict header: what the popup says first. The first reason of the verdict is the one
 * sentence in plain words; the others are listed below it.
 */
import { verdictTitleKey } from '@/lib/report/labels';
import { urlParts } from '@/lib/report/url';
import { verdict } from '@/lib/report/verdict';
import type { TabState, VerdictKind } from '@/lib/report/types';
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
}

/** The header for a tab; `null` state means Onlooker knows nothing about the tab yet. */
export function headerView(state: TabState | null): HeaderView {
  if (!state) {
    return { kind: 'unknown', host: '', title: msg(verdictTitleKey('unknown')), sentence: msg('reason_no_report'), more: [] };
  }
  const v = verdict(state);
  const [first, ...more] = v.reasons;
  const host = state.main?.host || urlParts(state.url).host || state.url;
  return {
    kind: v.kind,
    host,
    title: msg(verdictTitleKey(v.kind)),
    // verdict() promises at least one reason; the fallback only keeps the types honest.
    sentence: first ?? msg('reason_no_report'),
    more,
  };
}
