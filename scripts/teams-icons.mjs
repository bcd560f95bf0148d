// Draws the two icons the Teams app package needs (manifest/teams): color.png, 192×192, a white "T"
// on the accent blue, and outline.png, 32×32, the same "T" in white on transparent. Plain RGBA PNGs
// written with node:zlib, so nothing is downloaded. Run: node scripts/teams-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A size×size RGBA PNG; pixel(x, y) returns [r, g, b, a]. */
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Whether (x, y) of a unit square (0..1) is on the letter T. */
const onT = (u, v) =>
  (v >= 0.22 && v <= 0.36 && u >= 0.22 && u <= 0.78) || (u >= 0.43 && u <= 0.57 && v >= 0.22 && v <= 0.8);

const WHITE = [255, 255, 255, 255];
const BLUE = [0x2f, 0x55, 0x97, 255];
const CLEAR = [0, 0, 0, 0];
const dir = new URL('../manifest/teams/', import.meta.url);
writeFileSync(
  new URL('color.png', dir),
  png(192, (x, y) => (onT((x + 0.5) / 192, (y + 0.5) / 192) ? WHITE : BLUE)),
);
writeFileSync(
  new URL('outline.png', dir),
  png(32, (x, y) => (onT((x + 0.5) / 32, (y + 0.5) / 32) ? WHITE : CLEAR)),
);
console.log('wrote manifest/teams/color.png (192×192) and manifest/teams/outline.png (32×32)');
