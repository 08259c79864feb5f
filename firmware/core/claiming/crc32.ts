/** CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320): detects flash corruption of stored blobs. */

const Crc32Table: readonly number[] = Object.freeze(Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  return c >>> 0;
}));

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = (crc >>> 8) ^ Crc32Table[(crc ^ data[i]) & 0xff];
  return (crc ^ 0xffffffff) >>> 0;
}
