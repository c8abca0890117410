/**
 * "Connection": each fact with its explanation on hover and focus, and "Unknown" with the
 * reason wherever the browser did not say.
 */
import { useId } from 'preact/hooks';
import type { Fact, FactValue } from '@/lib/popup/connection';
import { text, type Translate } from '@/lib/popup/message';
import { Term } from './Term';

/** Props of {@link ConnectionSection}. */
export interface ConnectionSectionProps {
  facts: readonly Fact[];
  t: Translate;
}

function Value({ value, t }: { value: FactValue; t: Translate }) {
  if (value.kind === 'unknown') {
    return (
      <span class="fact-unknown">
        {t('popup_unknown')} <span class="muted">({text(t, value.why)})</span>
      </span>
    );
  }
  const main = value.kind === 'raw' ? <code class="fact-raw">{value.text}</code> : text(t, value.text);
  return (
    <span class={`fact-value tone-${value.tone}`}>
      {main}
      {value.note && <span class="fact-note"> — {text(t, value.note)}</span>}
    </span>
  );
}

export function ConnectionSection({ facts, t }: ConnectionSectionProps) {
  const headingId = useId();
  return (
    <section class="panel connection" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('popup_connection_heading')}</h2>
      <dl class="facts">
        {facts.map((f) => (
          <div key={f.id} class={`fact fact-${f.id}`}>
            <dt>
              <Term help={text(t, f.help)}>{text(t, f.label)}</Term>
            </dt>
            <dd>
              <Value value={f.value} t={t} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
