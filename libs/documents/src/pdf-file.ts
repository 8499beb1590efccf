import { StreamableFile } from '@nestjs/common';

/**
 * `inline` so the browser shows the PDF and the clerk prints it. The name is given twice: an ASCII
 * fallback for old clients, and the Chinese name (RFC 6266 / RFC 8187 `filename*`), since a header
 * value itself may not carry non-ASCII text.
 */
export function contentDisposition(filename: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The PDF of a numbered document as an HTTP reply. Its file name is the title and number
 * (收件回执-收件〔2026〕0001号.pdf), its ASCII fallback the kind and the number's digits (receipt-2026-0001.pdf).
 */
export function pdfFile(pdf: Buffer, document: { title: string; number?: string }, kind: string): StreamableFile {
  const digits = document.number?.match(/\d+/g)?.join('-');
  const ascii = `${kind}${digits ? `-${digits}` : ''}.pdf`;
  const name = `${[document.title, document.number].filter(Boolean).join('-')}.pdf`;
  return new StreamableFile(pdf, { type: 'application/pdf', disposition: contentDisposition(name, ascii) });
}
