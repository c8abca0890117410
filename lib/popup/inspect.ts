/**
 * The Chromium "Inspect" flow as data: its steps and what each outcome says.
 * The browser calls themselves are the permission request (popup-io.ts) and the 'inspect'
 * message (components/popup/Popup.tsx).
 */
import type { InspectError } from '@/lib/messages';
import type { ConnectionReport, Engine, InspectMethod } from '@/lib/report/types';
import { msg, type Message } from './message';
import { capabilities } from '@/lib/engines/capabilities';
import type { MessageKey } from '@/lib/i18n/keys';

/**
 * Where the flow is. `explain` comes before any browser call: the user first reads what the
 * "started debugging this browser" bar is, then confirms.
 */
export type InspectStep =
  | { step: 'idle' }
  | { step: 'explain' }
  | { step: 'asking' }
  | { step: 'running' }
  | { step: 'failed'; error: Message };

const ERRORS: Record<InspectError, MessageKey> = {
  'not-supported': 'popup_inspect_error_not_supported',
  'permission-denied': 'popup_inspect_error_permission',
  'browser-page': 'popup_inspect_error_browser_page',
  'error-page': 'popup_inspect_error_error_page',
  'attach-failed': 'popup_inspect_error_attach',
  timeout: 'popup_inspect_error_timeout',
  'no-tab': 'popup_inspect_error_no_tab',
};

/** An InspectResult error in words. */
export function inspectErrorMessage(error: InspectError | 'declined' | 'failed'): Message {
  if (error === 'declined') return msg('popup_inspect_error_declined');
  if (error === 'failed') return msg('popup_inspect_error_failed');
  return msg(ERRORS[error] ?? 'popup_inspect_error_failed');
}

/**
 * Whether to offer "Inspect": Chromium only (Firefox gives the details without it), for an
 * HTTPS page that loaded. `inspectedAt` is set when the shown details come from an inspection.
 */
export function inspectOffer(engine: Engine, main: ConnectionReport | undefined): InspectOffer {
  if (!capabilities(engine).inspect || !main || main.scheme !== 'https' || main.error) return { offered: false };
  const at = main.tls?.inspectedAt;
  if (at === undefined) return { offered: true };
  const by = main.tls?.inspectedBy;
  return by ? { offered: true, inspectedAt: at, inspectedBy: by } : { offered: true, inspectedAt: at };
}

/** What the popup offers, and how the shown details were inspected if they were. */
export interface InspectOffer {
  offered: boolean;
  inspectedAt?: number;
  inspectedBy?: InspectMethod;
}

/** How an inspection saw the connection, in words (one sentence beside "inspected … ago"). */
export const INSPECTED_BY: Record<InspectMethod, MessageKey> = {
  request: 'popup_inspected_by_request',
  reload: 'popup_inspected_by_reload',
};
