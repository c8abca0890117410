/**
 * Chromium's "Inspect": the only way an extension learns TLS details there. It explains the
 * "started debugging this browser" bar BEFORE anything happens, then (on confirm) the parent
 * asks for the permission and runs the inspection; progress and errors are announced.
 */
import { useId } from 'preact/hooks';
import { ageMessage } from '@/lib/popup/age';
import { INSPECTED_BY, type InspectStep } from '@/lib/popup/inspect';
import type { InspectMethod } from '@/lib/report/types';
import { text, type Translate } from '@/lib/popup/message';

/** Props of {@link InspectPanel}. */
export interface InspectPanelProps {
  step: InspectStep;
  /** When the shown details were inspected (ms), if they come from an inspection. */
  inspectedAt?: number;
  /** How that inspection saw the connection (older inspections did not say). */
  inspectedBy?: InspectMethod;
  /** The debugger permission is already granted: no browser prompt will follow. */
  granted: boolean;
  now: number;
  onStart: () => void;
  /** Must run the permission request synchronously (user gesture). */
  onConfirm: () => void;
  onCancel: () => void;
  t: Translate;
}

export function InspectPanel({ step, inspectedAt, inspectedBy, granted, now, onStart, onConfirm, onCancel, t }: InspectPanelProps) {
  const headingId = useId();
  const busy = step.step === 'asking' || step.step === 'running';
  return (
    <section class="panel inspect" aria-labelledby={headingId} aria-busy={busy ? 'true' : undefined}>
      <h2 id={headingId}>{t('popup_inspect_heading')}</h2>
      {inspectedAt !== undefined ? (
        <p>
          {t('popup_inspected_ago', [text(t, ageMessage(inspectedAt, now))])}
          {inspectedBy && ` ${t(INSPECTED_BY[inspectedBy])}`}
        </p>
      ) : (
        <p>{t('popup_inspect_why')}</p>
      )}
      {step.step === 'explain' && (
        <div class="inspect-explain">
          <p>{t('popup_inspect_bar')}</p>
          {!granted && <p>{t('popup_inspect_permission')}</p>}
          <p class="button-row">
            <button type="button" class="button-primary" onClick={onConfirm}>
              {t('popup_inspect_confirm')}
            </button>{' '}
            <button type="button" onClick={onCancel}>
              {t('popup_inspect_cancel')}
            </button>
          </p>
        </div>
      )}
      {(step.step === 'idle' || step.step === 'failed') && (
        <p>
          <button type="button" onClick={onStart}>
            {inspectedAt !== undefined ? t('popup_inspect_again') : t('popup_inspect_start')}
          </button>
        </p>
      )}
      <p class="inspect-status" role="status">
        {step.step === 'asking' && t('popup_inspect_asking')}
        {step.step === 'running' && (
          <>
            <span class="spinner" aria-hidden="true" /> {t('popup_inspect_running')}
          </>
        )}
      </p>
      {step.step === 'failed' && (
        <p class="inspect-error" role="alert">
          {text(t, step.error)}
        </p>
      )}
    </section>
  );
}
