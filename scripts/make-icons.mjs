#!/usr/bin/env node
// Draws Onlooker's icon (an eye whose pupil is a padlock-shaped keyhole) into public/icon/<size>.png.
// Pure Node (zlib for PNG), supersampled for smooth edges, so it runs anywhere without an
// image tool. Run it after changing the drawing; the PNGs are committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icon');
const SIZES = [16, 32, 48, 96, 128];
const SS = 4; // samples per axis

const INK = [0x1f, 0x6f, 0xeb]; // blue outline
const IRIS = [0x1f, 0x6f, 0xeb];
const PUPIL = [0xff, 0xff, 0xff];

/** Colour of the point (x, y) in a unit square, or null for transparent. */
function shade(x, y) {
  const cx = x - 0.5;
  const cy = y - 0.5;
  // Almond eye: intersection of two circles; outline thickness t.
  const r = 0.62;
  const off = 0.4;
  const inUpper = Math.hypot(cx, cy + off) < r;
  const inLower = Math.hypot(cx, cy - off) < r;
  const t = 0.085;
  const innerUpper = Math.hypot(cx, cy + off) < r - t;
  const innerLower = Math.hypot(cx, cy - off) < r - t;
  const eye = inUpper && inLower;
  const inside = innerUpper && innerLower;
  const d = Math.hypot(cx, cy);
  if (d < 0.2) {
    // Keyhole in the iris: a round top and a narrow slot.
    const hole = Math.hypot(cx, cy + 0.04) < 0.065 || (Math.abs(cx) < 0.03 && cy > -0.04 && cy < 0.12);
    return hole ? PUPIL : IRIS;
  }
  if (eye && !inside) return INK;
  return null;
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = shade((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = y * (size * 4 + 1) + 1 + x * 4;
      raw[i] = a ? Math.round(r / a) : 0;
      raw[i + 1] = a ? Math.round(g / a) : 0;
      raw[i + 2] = a ? Math.round(b / a) : 0;
      raw[i + 3] = Math.round((255 * a) / (SS * SS));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT, { recursive: true });
for (const size of SIZES) writeFileSync(join(OUT, `${size}.png`), png(size));
console.log(`icons written: ${SIZES.join(', ')} px`);
