/**
 * Limits that keep a hostile or broken file from exhausting memory or time while its text is extracted. A file
 * over any of them is refused with the reason; nothing already indexed is touched.
 */
export const EXTRACTION_LIMITS = {
  /** More pages than any agreement or report in a team's corpus (the longest treaty texts run to a few hundred). */
  maxPdfPages: 2_000,
  /** Extracted text beyond this many characters (about 1,500 pages of prose) is refused as a decompression bomb. */
  maxTextChars: 5_000_000,
  /** A DOCX (a ZIP archive) whose entries would expand to more than this many bytes is refused before unpacking. */
  maxUnpackedBytes: 100_000_000,
  /** …or whose entries expand more than this many times their compressed size (XML compresses 5–20×). */
  maxCompressionRatio: 200,
  /** Extraction of one file taking longer than this is stopped (checked between pages). */
  timeoutMs: 60_000,
} as const;
