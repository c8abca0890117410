/**
 * Certificate components. Safe to import eagerly: nothing here loads @peculiar/x509.
 * Parse with `const { parseCertificate, parseChain } = await import('@/lib/cert/parse')`.
 */
export { CertIdentity, type CertIdentityData, type CertIdentityProps } from './CertIdentity';
export { CertChain, type CertChainEntry, type CertChainProps } from './CertChain';
export { certErrorKey, defaultFormatDate, type FormatDate, type Translate } from './types';
