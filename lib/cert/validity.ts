/** Validity-period helpers for display. No dependencies: safe to import from components. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Fewer days left than this shows a warning: renewals normally happen weeks ahead. */
export const EXPIRY_WARNING_DAYS = 14;

/**
 * Whole days until `notAfter`, rounded down; negative once expired (−1 = expired within the last day).
 * @param now ms since the epoch; a parameter so tests and renders agree on one instant.
 */
export function daysLeft(notAfter: number, now: number = Date.now()): number {
  return Math.floor((notAfter - now) / DAY_MS);
}

/** Where `now` falls in the validity period. `expiring` = valid, but fewer than 14 days left. */
export type ValidityState = 'not-yet-valid' | 'valid' | 'expiring' | 'expired';

export function validityState(notBefore: number, notAfter: number, now: number = Date.now()): ValidityState {
  if (now < notBefore) return 'not-yet-valid';
  if (now > notAfter) return 'expired';
  return daysLeft(notAfter, now) < EXPIRY_WARNING_DAYS ? 'expiring' : 'valid';
}
