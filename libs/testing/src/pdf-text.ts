/** What a PDF says: its pages' text and the page count, read with PDF.js (as a PDF viewer would). */
export interface PdfText {
  pages: number;
  /** Each page's text, lines joined with \n. */
  pageTexts: string[];
  /** Every page's text with all white space removed: search it for content that may wrap anywhere. */
  compact: string;
}

/** Removes all white space, so a phrase is found however the PDF wrapped it. */
export function compactText(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Extracts the text of a PDF. PDF.js is loaded on first use only (most suites never need it), with its
 * worker on the main thread: under Jest there is no worker file to spawn.
 */
export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const g = globalThis as { pdfjsWorker?: unknown };
  const worker = 'pdfjs-dist/legacy/build/pdf.worker.mjs'; // ships no type declarations
  g.pdfjsWorker ??= (await import(worker)) as unknown;
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pageTexts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pageTexts.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    return { pages: doc.numPages, pageTexts, compact: compactText(pageTexts.join('')) };
  } finally {
    await doc.destroy();
  }
}
