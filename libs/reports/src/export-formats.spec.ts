import ExcelJS from 'exceljs';
import { csvField, toCsv, toXlsx } from './export-formats.js';

describe('report exports', () => {
  it('quotes a CSV field only when it holds a comma, a quote or a line break (RFC 4180)', () => {
    expect(csvField('登记注册股')).toBe('登记注册股');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('说"不"')).toBe('"说""不"""');
    expect(csvField('两\r\n行')).toBe('"两\r\n行"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.75)).toBe('0.75');
  });

  it('neutralises a text cell a spreadsheet would run as a formula with a leading apostrophe; numbers stay numbers', () => {
    expect(csvField('=HYPERLINK("http://evil.example","点击")')).toBe('"\'=HYPERLINK(""http://evil.example"",""点击"")"');
    for (const text of ['+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvField(text).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvField(-5)).toBe('-5');
    expect(csvField('申请人撤回 = 本人意愿')).toBe('申请人撤回 = 本人意愿');
  });

  it('starts a CSV with the UTF-8 BOM and ends every line with CRLF', () => {
    const csv = toCsv([{ name: '表', headers: ['科室', '件数'], rows: [['登记注册股', 3]] }]).toString('utf8');
    expect(csv).toBe('\uFEFF科室,件数\r\n登记注册股,3\r\n');
  });

  it('writes an XLSX workbook that reads back with its sheets, headers and numbers', async () => {
    const buffer = await toXlsx([{ name: '按科室', headers: ['科室', '按时办结率'], rows: [['登记注册股', 0.5]] }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('按科室')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '科室', '按时办结率']);
    expect(sheet.getRow(2).getCell(2).value).toBe(0.5);
  });
});
