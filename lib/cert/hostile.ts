/** Moved to lib/safe-text.ts (it serves backups and host names too); kept so old imports resolve. */
export * from '../safe-text';
