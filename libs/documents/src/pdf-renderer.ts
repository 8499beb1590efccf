import PDFDocument from 'pdfkit';
import type { PdfFont } from './pdf-font.js';
import type { DocumentBlock, FieldsBlock, ListBlock, PrintedDocument, TableBlock } from './printed-document.js';

/** A4 with margins close to the national standard for official documents (GB/T 9704): about 3.7/3.5/2.8/2.6 cm. */
const MARGINS = { top: 90, bottom: 80, left: 80, right: 74 };
const SIZE = { unit: 16, title: 20, number: 11, heading: 14, body: 12, table: 10.5, small: 9.5 };
const LINE_GAP = 5;
const CELL_PADDING = 4;
const RED = '#c00000';
const INK = '#000000';
const GREY = '#555555';
const FONT = 'cjk';
/** 全角空格, the spacing of Chinese forms. */
const WIDE_SPACE = '\u3000';

/** Column widths in proportion to their weights, filling the width exactly. */
export function columnWidths(weights: readonly number[], width: number): number[] {
  if (weights.length === 0) throw new RangeError('a table has at least one column');
  if (weights.some((w) => !(w > 0) || !Number.isFinite(w))) throw new RangeError('column weights are positive numbers');
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (width * w) / total);
  // Keep the sum exact despite rounding: the last column takes the remainder.
  widths[widths.length - 1] = width - widths.slice(0, -1).reduce((a, b) => a + b, 0);
  return widths;
}

/**
 * Renders a printed document to PDF bytes, set in the given CJK font (embedded as a subset). Long text
 * wraps at Chinese line-break opportunities (never before a closing mark such as ，。） or after an
 * opening one), fields and table rows move whole to the next page, and a table's header is repeated there.
 */
export async function renderPdf(document: PrintedDocument, font: PdfFont): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: [document.title, document.number].filter(Boolean).join(' '), Author: document.unitName, Creator: 'service-window' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont(FONT, font.data, font.name);
  pdf.font(FONT);
  new Layout(pdf).document(document);
  pdf.end();
  return done;
}

class Layout {
  private readonly left = MARGINS.left;
  private readonly width: number;

  constructor(private readonly pdf: PDFKit.PDFDocument) {
    this.width = pdf.page.width - MARGINS.left - MARGINS.right;
  }

  document(d: PrintedDocument): void {
    this.header(d);
    if (d.addressee) this.line(`${d.addressee}：`, SIZE.body, { gapAfter: 6 });
    for (const block of d.blocks) this.block(block);
    if (d.staff?.length) {
      this.gap(10);
      for (const s of d.staff) this.line(`${s.role}：${s.name}${WIDE_SPACE.repeat(2)}工作证号：${s.badgeNo}`, SIZE.body);
    }
    if (d.signature?.length) {
      this.gap(18);
      this.keepTogether(d.signature.length * (SIZE.body + LINE_GAP + 2));
      for (const s of d.signature) this.line(s, SIZE.body, { align: 'right' });
    }
    if (d.notes?.length) {
      this.gap(14);
      for (const n of d.notes) this.line(n, SIZE.small, { color: GREY });
    }
    this.footers(d.number);
  }

  /** 红头: the unit in red, the number, a red rule, then the title. */
  private header(d: PrintedDocument): void {
    this.line(d.unitName, SIZE.unit, { align: 'center', color: RED, characterSpacing: 2 });
    if (d.number) this.line(d.number, SIZE.number, { align: 'center' });
    this.gap(4);
    this.pdf.save().moveTo(this.left, this.pdf.y).lineTo(this.left + this.width, this.pdf.y).lineWidth(1.2).strokeColor(RED).stroke().restore();
    this.gap(14);
    this.line(d.title, SIZE.title, { align: 'center', characterSpacing: 1 });
    this.gap(10);
  }

  private block(b: DocumentBlock): void {
    switch (b.kind) {
      case 'heading':
        this.gap(6);
        this.keepTogether(SIZE.heading * 3);
        this.line(b.text, SIZE.heading, { gapAfter: 4 });
        return;
      case 'paragraph':
        this.line(b.text, SIZE.body, { indent: SIZE.body * 2, gapAfter: 4 });
        return;
      case 'fields':
        this.fields(b);
        return;
      case 'list':
        this.list(b);
        return;
      case 'table':
        this.table(b);
        return;
    }
  }

  private fields(b: FieldsBlock): void {
    this.pdf.font(FONT).fontSize(SIZE.body);
    const labels = b.rows.map((r) => `${r.label}：`);
    const labelWidth = Math.min(Math.max(...labels.map((l) => this.pdf.widthOfString(l))) + 4, this.width * 0.4);
    const valueWidth = this.width - labelWidth;
    b.rows.forEach((row, i) => {
      const opts = { lineGap: LINE_GAP };
      const height = Math.max(
        this.pdf.heightOfString(labels[i]!, { ...opts, width: labelWidth }),
        this.pdf.heightOfString(row.value || ' ', { ...opts, width: valueWidth }),
      );
      this.keepTogether(Math.min(height, this.contentHeight()));
      const y = this.pdf.y;
      this.pdf.fillColor(INK).text(labels[i]!, this.left, y, { ...opts, width: labelWidth });
      this.pdf.text(row.value || ' ', this.left + labelWidth, y, { ...opts, width: valueWidth });
      this.pdf.x = this.left;
      this.pdf.y = Math.max(this.pdf.y, y + height);
    });
    this.gap(4);
  }

  private list(b: ListBlock): void {
    if (b.title) this.line(b.title, SIZE.body, { gapAfter: 2 });
    this.pdf.font(FONT).fontSize(SIZE.body);
    const markerWidth = this.pdf.widthOfString(`${b.items.length}. `) + 2;
    b.items.forEach((item, i) => {
      const opts = { lineGap: LINE_GAP, width: this.width - markerWidth };
      this.keepTogether(SIZE.body + LINE_GAP);
      const y = this.pdf.y;
      this.pdf.fillColor(INK).text(`${i + 1}.`, this.left, y, { lineGap: LINE_GAP, width: markerWidth });
      this.pdf.text(item, this.left + markerWidth, y, opts);
      this.pdf.x = this.left;
    });
    this.gap(4);
  }

  private table(b: TableBlock): void {
    if (b.title) this.line(b.title, SIZE.body, { align: 'center', gapAfter: 4 });
    const widths = columnWidths(b.columns.map((c) => c.weight ?? 1), this.width);
    const header = b.columns.map((c) => c.header);
    const row = (cells: readonly string[], isHeader: boolean): void => {
      this.pdf.font(FONT).fontSize(SIZE.table);
      const opts = (i: number) => ({ width: widths[i]! - 2 * CELL_PADDING, lineGap: 2 });
      const needed = Math.max(...widths.map((_, i) => this.pdf.heightOfString(cells[i] || ' ', opts(i)))) + 2 * CELL_PADDING;
      // A row taller than a page is cut (with an ellipsis) rather than split.
      const height = Math.min(needed, this.contentHeight() - (isHeader ? 0 : 40));
      if (this.pdf.y + height > this.maxY()) {
        this.pdf.addPage();
        if (!isHeader) row(header, true);
      }
      const y = this.pdf.y;
      let x = this.left;
      widths.forEach((w, i) => {
        if (isHeader) this.pdf.save().rect(x, y, w, height).fillColor('#eeeeee').fill().restore();
        this.pdf.save().rect(x, y, w, height).lineWidth(0.6).strokeColor(INK).stroke().restore();
        const align = isHeader ? 'center' : (b.columns[i]?.align ?? 'left');
        this.pdf.fillColor(INK).text(cells[i] ?? '', x + CELL_PADDING, y + CELL_PADDING, { ...opts(i), height: height - 2 * CELL_PADDING, ellipsis: true, align });
        x += w;
      });
      this.pdf.x = this.left;
      this.pdf.y = y + height;
    };
    this.keepTogether(60);
    row(header, true);
    for (const cells of b.rows) row(cells, false);
    this.gap(8);
  }

  /** One piece of text across the full width, wrapping (and continuing on the next page) as needed. */
  private line(
    text: string,
    size: number,
    o: { align?: 'left' | 'center' | 'right'; color?: string; indent?: number; characterSpacing?: number; gapAfter?: number } = {},
  ): void {
    this.pdf
      .font(FONT)
      .fontSize(size)
      .fillColor(o.color ?? INK)
      .text(text, this.left, this.pdf.y, {
        width: this.width,
        align: o.align ?? 'left',
        lineGap: LINE_GAP,
        indent: o.indent ?? 0,
        characterSpacing: o.characterSpacing ?? 0,
      });
    this.pdf.x = this.left;
    if (o.gapAfter) this.gap(o.gapAfter);
  }

  private gap(points: number): void {
    this.pdf.y += points;
  }

  /** Starts a new page unless `height` still fits on this one. */
  private keepTogether(height: number): void {
    if (this.pdf.y + height > this.maxY()) this.pdf.addPage();
  }

  private maxY(): number {
    return this.pdf.page.height - MARGINS.bottom;
  }

  private contentHeight(): number {
    return this.pdf.page.height - MARGINS.top - MARGINS.bottom;
  }

  /** 第 1 页 共 2 页 (with the number) at the foot of every page. */
  private footers(number: string | undefined): void {
    const { start, count } = this.pdf.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      const page = this.pdf.switchToPage(i);
      // Text below the bottom margin would start a new page: lift the margin while writing the footer.
      const bottom = page.margins.bottom;
      page.margins.bottom = 0;
      const text = [number, `第 ${i - start + 1} 页 共 ${count} 页`].filter(Boolean).join(WIDE_SPACE.repeat(2));
      this.pdf.font(FONT).fontSize(SIZE.small).fillColor(GREY).text(text, this.left, page.height - bottom / 2 - SIZE.small, {
        width: this.width,
        align: 'center',
        lineBreak: false,
      });
      page.margins.bottom = bottom;
    }
  }
}
