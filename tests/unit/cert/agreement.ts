/**
 * What the light reader (summary.ts) must give for a certificate the full parser (parse.ts)
 * read: the full parser's fields of the same names. Shared by summary.test.ts and the fuzz
 * suite, so both hold the readers to one definition of "agree".
 */
import type { OutputCuts } from '../../../lib/cert/caps';
import type { CertBrief } from '../../../lib/cert/summary';
import type { CertDetails } from '../../../lib/cert/types';

const BRIEF_FIELDS = new Set([
  'derBase64',
  'version',
  'serialNumber',
  'subject',
  'issuer',
  'notBefore',
  'notAfter',
  'sha256',
  'san',
  'policies',
  'validationLevel',
  'signature',
  'selfIssued',
  'precertificate',
  'publicKey',
]);

/** The full parser's cuts on the fields the brief has (it cuts more: URLs, extensions…). */
function briefCuts(cut: OutputCuts | undefined): OutputCuts | undefined {
  if (!cut) return undefined;
  const keep = (m: Record<string, number>) =>
    Object.fromEntries(Object.entries(m).filter(([path]) => BRIEF_FIELDS.has(path.split('.')[0] ?? '')));
  const out = { items: keep(cut.items), chars: keep(cut.chars) };
  return Object.keys(out.items).length || Object.keys(out.chars).length ? out : undefined;
}

/**
 * The one documented difference: the full parser decodes the two otherName SANs x509 knows
 * (Microsoft UPN and GUID) as "upn:…"/"guid:…"; the light reader, which has no schema for
 * them, names every otherName by its type OID ("otherName:1.3.6…"). Anything else must match.
 */
const OTHER_NAME_OIDS: Readonly<Record<string, string>> = { upn: '1.3.6.1.4.1.311.20.2.3', guid: '1.3.6.1.4.1.311.25.1' };

function lightSan(san: CertDetails['san']): CertDetails['san'] {
  return san.map((e) => {
    const kind = e.type === 'other' ? /^(upn|guid):/.exec(e.value)?.[1] : undefined;
    return kind ? { type: 'other', value: `otherName:${OTHER_NAME_OIDS[kind]}` } : e;
  });
}

/** The brief the light reader must return, taken from the full parse. */
export function expectedBrief(d: CertDetails): CertBrief {
  const { spkiSha256: _spki, ...publicKey } = d.publicKey;
  const brief: CertBrief = {
    ok: true,
    derBase64: d.derBase64,
    version: d.version,
    serialNumber: d.serialNumber,
    subject: d.subject,
    issuer: d.issuer,
    notBefore: d.notBefore,
    notAfter: d.notAfter,
    sha256: d.sha256,
    san: lightSan(d.san),
    policies: d.policies,
    validationLevel: d.validationLevel,
    signature: d.signature,
    selfIssued: d.selfIssued,
    precertificate: d.precertificate,
    publicKey,
  };
  const cut = briefCuts(d.cut);
  if (cut) brief.cut = cut;
  return brief;
}
