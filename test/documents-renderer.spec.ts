import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledFontPath, loadPdfFont, PdfFontError, renderPdf, type PdfFont, type PrintedDocument } from '@app/documents';
import { loadConfig } from '@app/platform';
import { compactText, pdfText } from '@app/testing';

// The renderer with the real CJK font, read back with PDF.js: what a citizen's PDF viewer would show.

const config = loadConfig(process.env);
const CLOSING = /^[，。、；：？！）》」』】〕”’]/u; // never at the start of a line (行首禁则)
const SENTENCE = '依据《中华人民共和国行政许可法》第三十二条，申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容（逾期不告知的，自收到申请材料之日起即为受理）。';

const base = (extra: Partial<PrintedDocument> = {}): PrintedDocument => ({
  unitName: '示范县市场监督管理局',
  title: '收件回执',
  number: '收件〔2026〕0001号',
  blocks: [],
  staff: [{ role: '经办人', name: '李经办', badgeNo: 'DEMO-002' }],
  ...extra,
});

describe('PDF renderer (printed documents)', () => {
  let font: PdfFont;
  beforeAll(async () => {
    font = await loadPdfFont(config.PDF_FONT_PATH ?? bundledFontPath(), config.PDF_FONT_NAME);
  });

  it('prints the unit, title, number, fields, staff and signature in the embedded CJK font', async () => {
    const pdf = await renderPdf(
      base({
        addressee: '张三',
        blocks: [{ kind: 'fields', rows: [{ label: '办理事项', value: '个体工商户设立登记（DEMO-001）' }, { label: '查询码', value: 'ABCD2345' }] }],
        signature: ['示范县市场监督管理局（盖章）', '2026年3月2日'],
        notes: ['凭受理编号和查询码可查询办理进度。'],
      }),
      font,
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Embedded as a subset (ABCDEF+Name), not merely referenced.
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+\S+/);
    const text = await pdfText(pdf);
    expect(text.pages).toBe(1);
    for (const expected of ['示范县市场监督管理局', '收件回执', '收件〔2026〕0001号', '张三：', '办理事项：个体工商户设立登记（DEMO-001）', '查询码：ABCD2345',
      '经办人：李经办', '工作证号：DEMO-002', '示范县市场监督管理局（盖章）', '2026年3月2日', '凭受理编号和查询码可查询办理进度。', '第1页共1页']) {
      expect(text.compact).toContain(compactText(expected));
    }
  });

  it('wraps long Chinese text inside the page and onto the next, losing nothing and starting no line with a closing mark', async () => {
    const long = SENTENCE.repeat(30);
    const pdf = await renderPdf(base({ blocks: [{ kind: 'paragraph', text: long }, { kind: 'list', title: '办理程序：', items: [SENTENCE, SENTENCE] }] }), font);
    const text = await pdfText(pdf);
    expect(text.pages).toBeGreaterThanOrEqual(2);
    // Each page ends with its footer (number, page n of m): the body reads on without it.
    expect(text.compact.replace(/收件〔2026〕0001号第\d页共\d页/g, '')).toContain(compactText(long));
    const lines = text.pageTexts.flatMap((p) => p.split('\n')).map((l) => l.trim()).filter(Boolean);
    expect(lines.length).toBeGreaterThan(60);
    expect(lines.filter((l) => CLOSING.test(l))).toEqual([]);
    expect(text.pageTexts[1]).toContain('第 2 页');
  });

  it('a table that runs onto another page repeats its header there, and a long cell wraps within its column', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => [String(i + 1), `材料${i + 1}：${i % 10 === 0 ? SENTENCE : '营业执照副本'}`, String(i + 2)]);
    const pdf = await renderPdf(
      base({ title: '效能通报', blocks: [{ kind: 'heading', text: '一、按时办结情况' }, { kind: 'table', title: '办件情况表', columns: [{ header: '序号' }, { header: '材料名称', weight: 6 }, { header: '页数' }], rows }] }),
      font,
    );
    const text = await pdfText(pdf);
    expect(text.pages).toBeGreaterThanOrEqual(2);
    for (const page of text.pageTexts) expect(compactText(page)).toContain('序号材料名称页数');
    expect(text.compact).toContain(compactText(`材料61：${SENTENCE}`));
    expect(text.compact).toContain('材料70：营业执照副本');
  });

  it('refuses a missing file, a file that is not a font and a collection without the named font, saying why', async () => {
    await expect(loadPdfFont('/nonexistent/wqy-microhei.ttc', 'WenQuanYiMicroHei')).rejects.toThrow(new PdfFontError('the font file /nonexistent/wqy-microhei.ttc does not exist'));
    const dir = mkdtempSync(join(tmpdir(), 'font-'));
    try {
      writeFileSync(join(dir, 'junk.ttf'), 'not a font at all');
      await expect(loadPdfFont(join(dir, 'junk.ttf'))).rejects.toThrow(/is not a TrueType\/OpenType font/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
