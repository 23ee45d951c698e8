/** A cell: numbers are right-aligned and rounded to `digits`, strings left-aligned. */
export type Cell = string | number;

export interface TableColumn {
  readonly header: string;
  /** Decimal places for numbers (default 1). */
  readonly digits?: number;
}

function formatCell(cell: Cell, digits: number): string {
  if (typeof cell === 'string') return cell;
  if (!Number.isFinite(cell)) return '–';
  return cell.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Renders a plain-text table with a title line, a header, a rule and one line per row. */
export function formatTable(title: string, columns: readonly TableColumn[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => columns.map((col, i) => formatCell(row[i] ?? '', col.digits ?? 1)));
  const widths = columns.map((col, i) => Math.max(col.header.length, ...text.map((row) => row[i]?.length ?? 0)));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    `\n${title}`,
    line(columns.map((col) => col.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...text.map(line),
  ].join('\n');
}
