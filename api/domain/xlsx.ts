// A real .xlsx written as rows arrive (exceljs's streaming WorkbookWriter): rows in (objects keyed by
// column name), the workbook's bytes out, memory bounded by back-pressure. Text is neutralised against
// formulas by the same rule as CSV; times (KST wall time "YYYY-MM-DD HH:MM:SS") become date cells.
import { Duplex, PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutralise } from './csv.js';
import type { ExportColumn } from './export-headers.js';

/** Excel's own limit of one cell's text; longer text (an article's body, rarely) is cut and says so. */
export const XLSX_CELL_LIMIT = 32_767;
const CUT = ' …[cut at 32,767 characters: the CSV has it all]';
/** Bytes buffered ahead of a slow reader before rows are held back. */
const AHEAD = 1024 * 1024;

/** One value as the cell it becomes. */
export function xlsxCell(value: unknown, kind: ExportColumn['kind'], ko: boolean): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  // The database's values: text, numbers (bigint and numeric as text), booleans; anything else as JSON.
  const text =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
  if (kind === 'time') {
    // The wall time in Seoul, written as a date with no zone (spreadsheets have none): the UTC fields of the Date.
    const d = new Date(`${text.replace(' ', 'T')}Z`);
    return Number.isNaN(d.getTime()) ? text : d;
  }
  if (kind === 'bool') return ko ? (value ? '예' : '아니오') : Boolean(value);
  if (kind === 'number') {
    const n = Number(text);
    return Number.isSafeInteger(n) || (Number.isFinite(n) && !Number.isInteger(n)) ? n : text;
  }
  return neutralise(text.length > XLSX_CELL_LIMIT ? text.slice(0, XLSX_CELL_LIMIT - CUT.length) + CUT : text);
}

/** A stream: write row objects, read the .xlsx. */
export function xlsxStream(columns: ExportColumn[], opts: { sheet: string; ko: boolean }): Duplex {
  const zip = new PassThrough({ highWaterMark: 256 * 1024 });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zip, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet(opts.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.name,
    width:
      c.kind === 'time'
        ? 20
        : c.kind === 'number' || c.kind === 'bool'
          ? 10
          : c.name === 'text' || c.name === 'title' || c.name === 'article_title'
            ? 60
            : 18,
    ...(c.kind === 'time' ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  let held: (() => void) | null = null;
  const stream = new Duplex({
    writableObjectMode: true,
    readableHighWaterMark: 256 * 1024,
    write(row: Record<string, unknown>, _enc, done) {
      try {
        sheet.addRow(columns.map((c) => xlsxCell(row[c.name], c.kind, opts.ko))).commit();
      } catch (e) {
        return done(e as Error);
      }
      // A slow reader holds the rows back: the next one is taken when the reader asks for more.
      if (stream.readableLength + zip.readableLength < AHEAD) return done();
      held = done;
    },
    final(done) {
      sheet.commit();
      book.commit().then(
        () => done(),
        (e: Error) => done(e),
      );
    },
    read() {
      zip.resume();
      const go = held;
      held = null;
      go?.();
    },
  });
  zip.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) zip.pause();
  });
  zip.on('end', () => stream.push(null));
  zip.on('error', (e) => stream.destroy(e));
  return stream;
}
