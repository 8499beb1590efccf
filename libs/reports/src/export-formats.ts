import ExcelJS from 'exceljs';

/** A report as a table: Chinese headers, one value per cell (numbers stay numbers in XLSX). */
export interface ReportTable {
  /** The sheet's name in an XLSX workbook (at most 31 characters). */
  name: string;
  headers: string[];
  rows: Array<Array<string | number | null>>;
}

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const BOM = '\uFEFF';

/**
 * Free text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, or a leading tab or
 * carriage return) gets a leading apostrophe, so it shows as text (CSV injection). Numbers stay numbers.
 */
export function neutraliseFormula(value: string | number | null): string | number | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; formulas neutralised. */
export function csvField(value: string | number | null): string {
  const safe = neutraliseFormula(value);
  if (safe === null) return '';
  const text = String(safe);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV that Excel opens as UTF-8 (the BOM tells it), CRLF line ends. Several tables go one after the
 * other, each under its name, with an empty line between them.
 */
export function toCsv(tables: ReportTable[]): Buffer {
  const lines: string[] = [];
  tables.forEach((t, i) => {
    if (tables.length > 1) {
      if (i > 0) lines.push('');
      lines.push(csvField(t.name));
    }
    lines.push(t.headers.map(csvField).join(','));
    for (const row of t.rows) lines.push(row.map(csvField).join(','));
  });
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/** A workbook with a sheet per table, the header row bold and frozen. */
export async function toXlsx(tables: ReportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'service-window';
  for (const t of tables) {
    const sheet = workbook.addWorksheet(t.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(t.headers).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row);
    sheet.columns.forEach((column, i) => {
      const longest = Math.max(...[t.headers[i] ?? '', ...t.rows.map((r) => String(r[i] ?? ''))].map(width));
      column.width = Math.min(60, Math.max(8, longest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Display width: a CJK character is as wide as two Latin ones. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}

export const CONTENT_TYPES: Record<Exclude<ExportFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** An attachment header with an ASCII fallback name and the Chinese one (RFC 6266 / 5987). */
export function attachment(asciiName: string, utf8Name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`;
}
