/**
 * "The signatures that prove the server": each certificate of the chain the browser handed
 * over, checked here to be signed by the next one's key, and where the chain ends.
 *
 * The check needs @peculiar/x509 (lib/cert/parse.ts, ~50 KB gzip), so it is reached only through
 * `import()`, when the handshake view is opened. No network: only the certificates the browser
 * gave (Firefox always; Chromium after an inspection).
 */
import type { SignatureCheck } from '@/lib/cert/types';
import type { CertSummary } from '@/lib/report/types';

/** One link: `subject`'s certificate, signed by `signer`'s key. */
export interface ChainLink {
  subject: string;
  signer: string;
  check: SignatureCheck;
}

/** Where the chain ends, as the browser judged it. */
export type ChainEnd = 'built-in' | 'added' | 'unknown';

/** The proof, leaf first. */
export interface ChainProof {
  links: ChainLink[];
  /** The last certificate signs itself (a root): its own signature, checked too. */
  root?: { name: string; check: SignatureCheck };
  /** The last certificate is not a root: the browser completed the chain from its own store. */
  lastIssuer?: string;
  end: ChainEnd;
}

const nameOf = (c: CertSummary) => c.subjectCN ?? c.subjectOrg ?? c.subject;

/** The certificates of a chain that can be checked: leading entries with DER, in order. */
export function checkableChain(certs: readonly CertSummary[]): CertSummary[] {
  const out: CertSummary[] = [];
  for (const c of certs) {
    if (!c.der) break;
    out.push(c);
  }
  return out;
}

/** Checks every link of `certs` (leaf first); undefined when there is nothing to check. */
export async function proveChain(certs: readonly CertSummary[], rootBuiltIn: boolean | undefined): Promise<ChainProof | undefined> {
  const chain = checkableChain(certs);
  if (!chain.length) return undefined;
  const { checkSignedBy } = await import('@/lib/cert/parse');
  const links: ChainLink[] = [];
  for (let i = 0; i + 1 < chain.length; i++) {
    const [signed, issuer] = [chain[i]!, chain[i + 1]!];
    links.push({ subject: nameOf(signed), signer: nameOf(issuer), check: await checkSignedBy(signed.der!, issuer.der!) });
  }
  const last = chain[chain.length - 1]!;
  const end: ChainEnd = rootBuiltIn === true ? 'built-in' : rootBuiltIn === false ? 'added' : 'unknown';
  if (last.subject === last.issuer) {
    return { links, root: { name: nameOf(last), check: await checkSignedBy(last.der!, last.der!) }, end };
  }
  return { links, lastIssuer: last.issuerCN ?? last.issuerOrg ?? last.issuer, end };
}
