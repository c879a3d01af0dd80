// The two checksums of a FLAC frame: CRC-8 (poly 0x07) over the header and CRC-16
// (poly 0x8005) over the whole frame, both MSB-first with a zero initial value.

const CRC8 = new StaticArray<u8>(256);
/** Eight CRC-16 tables: table k gives the CRC of a byte followed by k zero bytes (slicing-by-8). */
const CRC16 = new StaticArray<u16>(256 * 8);

function buildTables(): void {
  for (let i = 0; i < 256; i++) {
    let c8 = <u32>i;
    let c16 = <u32>i << 8;
    for (let bit = 0; bit < 8; bit++) {
      c8 = (c8 & 0x80) != 0 ? ((c8 << 1) ^ 0x07) & 0xff : (c8 << 1) & 0xff;
      c16 = (c16 & 0x8000) != 0 ? ((c16 << 1) ^ 0x8005) & 0xffff : (c16 << 1) & 0xffff;
    }
    unchecked((CRC8[i] = <u8>c8));
    unchecked((CRC16[i] = <u16>c16));
  }
  for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
      const previous = <u32>unchecked(CRC16[(k - 1) * 256 + i]);
      unchecked((CRC16[k * 256 + i] = <u16>(((previous << 8) & 0xffff) ^ <u32>unchecked(CRC16[previous >> 8]))));
    }
  }
}

// @ts-ignore: decorator
@inline
function table16(k: u32, index: u32): u32 {
  return <u32>load<u16>(changetype<usize>(CRC16) + ((<usize>(k * 256 + index)) << 1));
}
buildTables();

export function crc8(start: usize, length: u32): u32 {
  let crc: u32 = 0;
  for (let i: u32 = 0; i < length; i++) crc = <u32>unchecked(CRC8[crc ^ <u32>load<u8>(start + i)]);
  return crc;
}

/** CRC-16 of a frame, eight bytes per step (the frames are most of the file's bytes). */
export function crc16(start: usize, length: u32): u32 {
  let crc: u32 = 0;
  const end = start + length;
  let at = start;
  for (; at + 8 <= end; at += 8) {
    const word = load<u64>(at);
    crc =
      table16(7, (crc >> 8) ^ <u32>(word & 0xff)) ^
      table16(6, (crc & 0xff) ^ <u32>((word >> 8) & 0xff)) ^
      table16(5, <u32>((word >> 16) & 0xff)) ^
      table16(4, <u32>((word >> 24) & 0xff)) ^
      table16(3, <u32>((word >> 32) & 0xff)) ^
      table16(2, <u32>((word >> 40) & 0xff)) ^
      table16(1, <u32>((word >> 48) & 0xff)) ^
      table16(0, <u32>(word >> 56));
  }
  for (; at < end; at++) {
    crc = ((crc << 8) & 0xffff) ^ <u32>unchecked(CRC16[(crc >> 8) ^ <u32>load<u8>(at)]);
  }
  return crc;
}
