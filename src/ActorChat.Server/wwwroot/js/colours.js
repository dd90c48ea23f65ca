// A colour per sender, the same in every client and every run: 32-bit FNV-1a over the
// UTF-8 bytes of the name's key (the console client's NameColours), into a fixed palette of
// twelve CSS classes .c0 .. .c11 (app.css), in the console palette's order.

import { nameKey } from './names.js';

export const PALETTE_SIZE = 12;

const encoder = new TextEncoder();

export function stableHash(text) {
  let hash = 2166136261;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash >>> 0;
}

/** The CSS class of a sender's colour; names that differ only in case get one colour. */
export function colourClass(name) {
  return 'c' + (stableHash(nameKey(name)) % PALETTE_SIZE);
}
