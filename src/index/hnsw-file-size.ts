/**
 * The size an hnswlib index file must have, read from its own header. hnswlib's `saveIndex` writes through an
 * unchecked `std::ofstream`: on a full disk it leaves a truncated file and reports no error (issue 12), so the
 * caller checks the written size against the layout instead.
 *
 * Layout (hnswlib `HierarchicalNSW::saveIndex`, little-endian): a 96-byte header (six 8-byte sizes, two 4-byte
 * ints, four 8-byte sizes/doubles, ef_construction), whose third field is the element count and fourth the bytes
 * per element of level 0; then `count × bytesPerElement` bytes of level 0; then, per element, a 4-byte length and
 * that many bytes of upper-level links.
 */
const HEADER_BYTES = 96;
const COUNT_OFFSET = 16;
const BYTES_PER_ELEMENT_OFFSET = 24;

/**
 * The byte length `bytes` must have to hold the whole index its header describes, or null when even the header
 * or the link-list lengths are cut off (a truncated file). Reads nothing beyond `bytes`.
 */
export function expectedHnswFileBytes(bytes: Uint8Array): number | null {
  if (bytes.byteLength < HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = Number(view.getBigUint64(COUNT_OFFSET, true));
  const bytesPerElement = Number(view.getBigUint64(BYTES_PER_ELEMENT_OFFSET, true));
  let offset = HEADER_BYTES + count * bytesPerElement;
  for (let i = 0; i < count; i++) {
    if (offset + 4 > bytes.byteLength) return null;
    offset += 4 + view.getUint32(offset, true);
  }
  return offset;
}
