import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exportHeader, type ExportColumn } from './export-headers.js';
import { XLSX_CELL_LIMIT, xlsxCell, xlsxStream } from './xlsx.js';

const cells: [string, unknown, ExportColumn['kind'], boolean, unknown][] = [
  ['a KST wall time becomes a date cell showing the same clock', '2026-11-19 14:07:09', 'time', false, new Date(Date.UTC(2026, 10, 19, 14, 7, 9))],
  ['a formula written by a stranger is text', '=HYPERLINK("http://x")', 'text', false, '\'=HYPERLINK("http://x")'],
  ['a minus sign first is text too', '-1+2', 'text', false, "'-1+2"],
  ['plain Korean text is as written', '반도체 수출', 'text', false, '반도체 수출'],
  ['a bigint id from the database is a number', '9007199254740', 'number', false, 9007199254740],
  ['an id beyond exact numbers stays text', '90071992547409931', 'number', false, '90071992547409931'],
  ['a statistic with a fraction is a number', '0.42', 'number', false, 0.42],
  ['yes and no for people', true, 'bool', true, '예'],
  ['a boolean for machines', false, 'bool', false, false],
  ['nothing is an empty cell', null, 'text', false, null],
];
for (const [name, value, kind, ko, want] of cells) test(`xlsx cell: ${name}`, () => assert.equal(xlsxCell(value, kind, ko), want));

test('xlsx cell: text over the cell limit is cut and says so', () => {
  const cell = xlsxCell('가'.repeat(40_000), 'text', false) as string;
  assert.is(cell.length, XLSX_CELL_LIMIT);
  assert.match(cell, /cut at 32,767 characters/);
});

test('headers: Korean on request, the names by default, statistics named', () => {
  assert.is(exportHeader('written_at', 'ko'), '작성 시각 (KST)');
  assert.is(exportHeader('written_at', 'en'), 'written_at');
  assert.is(exportHeader('comment_stats.deletedByAuthor', 'ko'), '댓글 통계: 작성자 삭제');
  assert.is(exportHeader('comment_stats.someNewCount', 'ko'), '댓글 통계: someNewCount');
  assert.is(exportHeader('a_new_column', 'ko'), 'a_new_column');
});

test('xlsx stream: a workbook exceljs reads back, row for row, with Korean headers and dates', async () => {
  const columns: ExportColumn[] = ['id', 'author', 'text', 'written_at', 'is_deleted'].map((name) => ({
    name,
    header: exportHeader(name, 'ko'),
    kind: name === 'id' ? 'number' : name === 'written_at' ? 'time' : name === 'is_deleted' ? 'bool' : 'text',
  }));
  const rows = Array.from({ length: 2500 }, (_, i) => ({
    id: String(i + 1),
    author: `작성자${i}`,
    text: i === 7 ? '@SUM(A1:A2)' : `댓글 ${i}`,
    written_at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')} 0${i % 10}:30:00`,
    is_deleted: i % 50 === 0,
  }));
  const bytes = await buffer(Readable.from(rows).pipe(xlsxStream(columns, { sheet: '댓글', ko: true })));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('댓글')!;
  assert.equal(sheet.getRow(1).values, [undefined, 'ID', '작성자', '내용', '작성 시각 (KST)', '삭제됨']);
  assert.is(sheet.rowCount, rows.length + 1);
  const eighth = sheet.getRow(9);
  assert.is(eighth.getCell(1).value, 8);
  assert.is(eighth.getCell(3).value, "'@SUM(A1:A2)");
  const first = sheet.getRow(2);
  assert.equal(first.getCell(4).value, new Date(Date.UTC(2026, 10, 1, 0, 30, 0)));
  assert.is(first.getCell(4).numFmt, 'yyyy-mm-dd hh:mm:ss');
  assert.is(first.getCell(5).value, '예');
});

test.run();
