type Cell = string | number | null | undefined;

/** RFC 4180 CSV: a header row, then one line per row; null and undefined are empty cells. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  // Text a spreadsheet would run as a formula (=, +, -, @, or a tab or CR first) is kept as text, as OWASP advises.
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
