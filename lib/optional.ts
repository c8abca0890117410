/**
 * Optional fields, one way. Records, backups and messages leave an unknown fact out rather than
 * store `undefined`: a missing key survives structured clone, IndexedDB and JSON alike, and a
 * reader tests `'x' in` or `x === undefined` without caring which. These helpers copy only the
 * fields that have a value, so a block of `if (x !== undefined) out.x = x` becomes one call.
 */

/** The fields of `T` a caller may pass, each possibly `undefined` (meaning: leave it out). */
export type FieldsOf<T> = { [K in keyof T]?: T[K] | undefined };

/** `fields` without its `undefined` values, typed so each key is optional but never `undefined`. */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** What counts as "no value": `undefined`, and with `dropEmptyStrings` also `''`. */
export interface DefinedOptions {
  /** Engines report a missing text field as `''` (an empty DN attribute, a blank name): drop it too. */
  dropEmptyStrings?: boolean;
}

const hasValue = (value: unknown, options: DefinedOptions | undefined): boolean =>
  value !== undefined && !(options?.dropEmptyStrings && value === '');

/** A copy of `fields` without the keys whose value is `undefined` (for spreads: `{ ...defined({ from, to }) }`). */
export function defined<T extends object>(fields: T, options?: DefinedOptions): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (hasValue(value, options)) out[key] = value;
  return out as Defined<T>;
}

/** Assigns to `target` each field of `fields` that has a value, leaves the others untouched, returns `target`. */
export function withDefined<T extends object>(target: T, fields: FieldsOf<T>, options?: DefinedOptions): T {
  return Object.assign(target, defined(fields, options));
}
