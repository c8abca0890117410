import { describe, expect, it } from 'vitest';
import { defined, withDefined } from '../../lib/optional';

// Hand-made values: the helper only moves fields, it never reads browser objects.
interface Shape {
  name: string;
  org?: string;
  bits?: number;
  builtIn?: boolean;
}

describe('defined', () => {
  it('leaves out undefined values and keeps every other value, falsy ones included', () => {
    const out = defined({ a: undefined, b: 0, c: false, d: '', e: null, f: 'x' });
    expect(out).toStrictEqual({ b: 0, c: false, d: '', e: null, f: 'x' });
    expect('a' in out).toBe(false);
  });

  it('with dropEmptyStrings also leaves out empty strings, but not other falsy values', () => {
    expect(defined({ a: '', b: 0, c: false, d: 'x', e: undefined }, { dropEmptyStrings: true })).toStrictEqual({ b: 0, c: false, d: 'x' });
  });

  it('returns a copy and keeps the order of the fields given', () => {
    const fields = { z: 1, a: undefined, m: 2 };
    const out = defined(fields);
    expect(out).not.toBe(fields);
    expect(Object.keys(out)).toEqual(['z', 'm']);
  });
});

describe('withDefined', () => {
  it('assigns the defined fields onto the target, keeps the rest of the target, returns it', () => {
    const target: Shape = { name: 'a', org: 'kept' };
    const out = withDefined(target, { org: undefined, bits: 256, builtIn: false });
    expect(out).toBe(target);
    expect(out).toStrictEqual({ name: 'a', org: 'kept', bits: 256, builtIn: false });
  });

  it('never creates a key holding undefined', () => {
    const out = withDefined<Shape>({ name: 'a' }, { org: undefined, bits: undefined });
    expect(Object.keys(out)).toEqual(['name']);
  });

  it('with dropEmptyStrings keeps an empty engine field out and the earlier value in', () => {
    const out = withDefined<Shape>({ name: 'a', org: 'Old' }, { name: '', org: '' }, { dropEmptyStrings: true });
    expect(out).toStrictEqual({ name: 'a', org: 'Old' });
  });

  it('is typed by the target: an unknown field or a wrong type does not compile', () => {
    const target: Shape = { name: 'a' };
    // @ts-expect-error `orgg` is not a field of Shape
    withDefined(target, { orgg: 'x' });
    // @ts-expect-error `bits` is a number
    withDefined(target, { bits: '256' });
    expect(target).toStrictEqual({ name: 'a', orgg: 'x', bits: '256' });
  });
});
