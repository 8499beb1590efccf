export * from './documents.module.js';
export { DocumentsService } from './documents.service.js';
export { contentDisposition, pdfFile } from './pdf-file.js';
export { loadPdfFont, PdfFontError, type PdfFont } from './pdf-font.js';
export { columnWidths, renderPdf } from './pdf-renderer.js';
export type * from './printed-document.js';
export * from './shanghai-time.js';
