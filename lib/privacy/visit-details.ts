/**
 * What the details panel lists for one visit: every stored field, then the certificate. Pure:
 * returns label keys and display strings, the component only lays them out. Values from the
 * certificate are attacker-controlled and are rendered as text nodes by the component.
 */
import type { VisitView } from '@/lib/history/queries';
import type { CertificateRecord } from '@/lib/history/schema';
import { verdictTitleKey } from '@/lib/report/labels';
import type { Translate } from '@/lib/popup/message';
import { safeText } from '@/lib/safe-text';
import type { Formats } from './format';
import type { MessageKey } from '@/lib/i18n/keys';

/** One line of the panel. */
export interface DetailRow {
  /** Message key of the label. */
  label: MessageKey;
  value: string;
  /** Fingerprints and addresses: shown in a monospace font and allowed to wrap anywhere. */
  code?: boolean;
}

function yesNo(t: Translate, value: boolean | undefined): string {
  return value === undefined ? t('privacy_value_unknown') : t(value ? 'privacy_value_yes' : 'privacy_value_no');
}

/** The visit's own fields, in reading order. Unknown facts are said to be unknown, not hidden. */
export function visitRows(v: VisitView, t: Translate, f: Formats): DetailRow[] {
  const unknown = t('privacy_value_unknown');
  const https = v.scheme === 'https' || v.scheme === 'wss';
  const rows: DetailRow[] = [
    { label: 'privacy_field_time', value: f.dateTime(v.time) },
    { label: 'privacy_field_host', value: safeText(v.host) },
    { label: 'privacy_field_scheme', value: v.scheme.toUpperCase() },
    { label: 'privacy_field_verdict', value: t(verdictTitleKey(v.verdict)) },
  ];
  if (https) {
    rows.push(
      { label: 'privacy_field_tls', value: v.tls ?? unknown },
      { label: 'privacy_field_cipher', value: v.cipher ?? unknown, code: v.cipher !== undefined },
      { label: 'privacy_field_group', value: v.group ?? unknown },
      { label: 'privacy_field_ech', value: yesNo(t, v.ech) },
    );
  }
  rows.push(
    { label: 'privacy_field_ip', value: v.ip ?? unknown, code: v.ip !== undefined },
    { label: 'privacy_field_http_version', value: v.httpVersion ?? unknown },
    { label: 'privacy_field_private_dns', value: yesNo(t, v.privateDns) },
    { label: 'privacy_field_proxy', value: v.proxy ?? t('privacy_value_none') },
    { label: 'privacy_field_reloads', value: f.number(v.reloads) },
  );
  return rows;
}

/** The stored certificate's facts. */
export function certificateRows(c: CertificateRecord, t: Translate, f: Formats): DetailRow[] {
  const unknown = t('privacy_value_unknown');
  const rows: DetailRow[] = [
    { label: 'privacy_cert_subject', value: safeText(c.subjectCN ?? c.subject) },
    { label: 'privacy_cert_subject_org', value: c.subjectOrg !== undefined ? safeText(c.subjectOrg) : unknown },
    { label: 'privacy_cert_issuer', value: safeText(c.issuerOrg ?? c.issuerCN ?? c.issuer) },
  ];
  if (c.issuerOrg !== undefined && c.issuerCN !== undefined) rows.push({ label: 'privacy_cert_issuer_cn', value: safeText(c.issuerCN) });
  rows.push(
    { label: 'privacy_cert_not_before', value: c.notBefore !== undefined ? f.dateTime(c.notBefore) : unknown },
    { label: 'privacy_cert_not_after', value: c.notAfter !== undefined ? f.dateTime(c.notAfter) : unknown },
    {
      label: 'privacy_cert_root',
      value: c.rootBuiltIn === undefined ? unknown : t(c.rootBuiltIn ? 'privacy_cert_root_public' : 'privacy_cert_root_custom'),
    },
    { label: 'privacy_cert_sha256', value: c.sha256, code: true },
  );
  if (c.serialNumber !== undefined) rows.push({ label: 'privacy_cert_serial', value: safeText(c.serialNumber), code: true });
  if (c.spkiSha256 !== undefined) rows.push({ label: 'privacy_cert_spki', value: c.spkiSha256, code: true });
  rows.push(
    ...(c.sans && c.sans.length > 0
      ? [
          {
            label: 'privacy_cert_sans' as const,
            value: c.sans.slice(0, 20).map(safeText).join(', ') + (c.sans.length > 20 ? ` (+${c.sans.length - 20})` : ''),
          },
        ]
      : []),
    { label: 'privacy_cert_first_seen', value: f.dateTime(c.firstSeen) },
    { label: 'privacy_cert_last_seen', value: f.dateTime(c.lastSeen) },
  );
  return rows;
}
