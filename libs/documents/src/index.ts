export * from './document-numbers.js';
export * from './documents.module.js';
export { DocumentsService } from './documents.service.js';
export { DocumentNumbers1767000040000 } from './migrations/1767000040000-document-numbers.js';
export { contentDisposition, pdfFile } from './pdf-file.js';
export { bundledFontPath, loadPdfFont, PdfFontError, type PdfFont } from './pdf-font.js';
export { columnWidths, renderPdf } from './pdf-renderer.js';
export type * from './printed-document.js';
