/**
 * A modal confirmation for destructive actions, on the native <dialog>: showModal() makes the
 * rest of the page inert and traps focus; Escape cancels. Focus starts on "Cancel" (the safe
 * choice) and returns to the control that opened the dialog when it closes.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Translate } from './types';

/** What is being confirmed. */
export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
}

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  /** The open request, or undefined when closed. */
  request: ConfirmRequest | undefined;
  onConfirm: () => void;
  onCancel: () => void;
  t: Translate;
}

export function ConfirmDialog({ request, onConfirm, onCancel, t }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = request !== undefined;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
      cancel.current?.focus();
    } else if (!open && el.open) {
      if (typeof el.close === 'function') el.close();
      else el.removeAttribute('open');
      opener.current?.focus();
      opener.current = null;
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      class="confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      onCancel={(e) => {
        // Escape: close through our state so focus handling is the same as for "Cancel".
        e.preventDefault();
        onCancel();
      }}
    >
      {request && (
        <form method="dialog" onSubmit={(e) => e.preventDefault()}>
          <h2 id="confirm-title">{request.title}</h2>
          <p id="confirm-message">{request.message}</p>
          <div class="button-row">
            <button type="button" ref={cancel} onClick={onCancel}>
              {t('privacy_cancel')}
            </button>
            <button type="button" class="danger" onClick={onConfirm}>
              {request.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
