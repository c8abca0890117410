/**
 * "This page connected to": every host with scheme, IP, HTTP version and TLS summary; plain
 * HTTP on an encrypted page is flagged, and the page's plain-HTTP content is listed.
 */
import { useId, useState } from 'preact/hooks';
import { SafeText } from '@/components/cert/parts';
import type { HostRow, HostsView } from '@/lib/popup/hosts';
import { text, type Translate } from '@/lib/popup/message';
import { safeText } from '@/lib/safe-text';

/** Props of {@link HostsSection}. */
export interface HostsSectionProps {
  hosts: HostsView;
  t: Translate;
  /** Rows shown before "Show all". */
  limit?: number;
}

const DEFAULT_LIMIT = 8;

function HostItem({ row, t }: { row: HostRow; t: Translate }) {
  const meta: string[] = [];
  if (row.ip) meta.push(row.ip);
  if (row.httpVersion) meta.push(row.httpVersion);
  if (row.tls) meta.push(row.tls);
  meta.push(t('popup_host_requests', [row.count]));
  return (
    <li class={row.insecure ? 'host host-insecure' : 'host'}>
      <span class="host-line">
        <span class={`scheme scheme-${row.scheme}`}>{row.scheme}</span> <bdi class="host-name">{safeText(row.host)}</bdi>
        {row.main && <span class="host-tag"> {t('popup_host_this_page')}</span>}
      </span>
      <span class="host-meta">
        {meta.join(' · ')}
        {!row.tls && row.tlsWhy && <span class="muted"> · {text(t, row.tlsWhy)}</span>}
        {row.fromCache && <span class="muted"> · {t('popup_host_cache')}</span>}
      </span>
      {row.insecure && (
        <strong class="host-flag" role="note">
          {t('popup_host_insecure')}
        </strong>
      )}
      {row.error && (
        <span class="host-error">
          {t('popup_host_error')} <code>{safeText(row.error)}</code>
        </span>
      )}
    </li>
  );
}

export function HostsSection({ hosts, t, limit = DEFAULT_LIMIT }: HostsSectionProps) {
  const headingId = useId();
  const listId = useId();
  const mixedId = useId();
  const [expanded, setExpanded] = useState(false);
  const rows = expanded ? hosts.rows : hosts.rows.slice(0, limit);
  const insecure = hosts.rows.filter((r) => r.insecure).length;
  const problems = hosts.mixed.filter((m) => m.problem).length;
  return (
    <section class="panel hosts" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('popup_hosts_heading')}</h2>
      {hosts.rows.length === 0 && <p class="muted">{t('popup_hosts_none')}</p>}
      {(insecure > 0 || problems > 0) && (
        <p class="hosts-warning" role="note">
          {t('popup_hosts_mixed_flag')}
        </p>
      )}
      <ul class="host-list" id={listId}>
        {rows.map((row) => (
          <HostItem key={row.host} row={row} t={t} />
        ))}
      </ul>
      {hosts.rows.length > limit && (
        <button type="button" class="link-button" aria-expanded={expanded} aria-controls={listId} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('popup_show_less') : t('popup_show_all_hosts', [hosts.rows.length])}
        </button>
      )}
      {hosts.dropped > 0 && <p class="muted">{t('popup_hosts_dropped', [hosts.dropped])}</p>}
      {hosts.mixed.length > 0 && (
        <>
          <h3 id={mixedId}>{t('popup_mixed_heading')}</h3>
          <ul class="mixed-list" aria-labelledby={mixedId}>
            {hosts.mixed.map((m, i) => (
              <li key={i} class={m.problem ? 'mixed mixed-problem' : 'mixed'}>
                <span class="mixed-kind">{text(t, m.label)}</span> <SafeText value={m.url} t={t} limit={120} code />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
