/**
 * A term with a short explanation, shown on hover AND on keyboard focus: the term is
 * focusable and points at its tooltip with aria-describedby, so screen readers read the
 * explanation too. CSS shows the tooltip on :hover and :focus-within; Escape hides it
 * (WCAG 1.4.13: dismissable without moving focus).
 */
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';

/** Props of {@link Term}. */
export interface TermProps {
  /** The term as shown. */
  children: ComponentChildren;
  /** The explanation, one or two short sentences. */
  help: string;
}

export function Term({ children, help }: TermProps) {
  const id = useId();
  const [dismissed, setDismissed] = useState(false);
  return (
    <span class={dismissed ? 'term term-dismissed' : 'term'} onMouseLeave={() => setDismissed(false)}>
      <span
        class="term-label"
        tabindex={0}
        aria-describedby={id}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setDismissed(true);
        }}
        onBlur={() => setDismissed(false)}
      >
        {children}
      </span>
      <span role="tooltip" id={id} class="term-tip">
        {help}
      </span>
    </span>
  );
}
