import { Injectable, Logger, type StreamableFile } from '@nestjs/common';
import { DomainError } from '@app/core';
import { AppConfig } from '@app/platform';
import { pdfFile } from './pdf-file.js';
import { bundledFontPath, loadPdfFont, PdfFontError, type PdfFont } from './pdf-font.js';
import { renderPdf } from './pdf-renderer.js';
import type { PrintedDocument } from './printed-document.js';

/**
 * Renders printed documents to PDF in the configured CJK font (PDF_FONT_PATH, PDF_FONT_NAME).
 *
 * A missing or unusable font does not stop the service: intake, timers and escalations go on, the worker
 * never prints. The api checks it at start-up (`checkFont`, logged as an error), and each PDF request
 * answers 503 DOCUMENTS.FONT_UNAVAILABLE until the font is installed (looked for again on the next request).
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);
  private font: Promise<PdfFont> | null = null;

  constructor(private readonly config: AppConfig) {}

  /** Loads the font ahead of the first request; a problem is logged, and requests answer 503. */
  async checkFont(): Promise<void> {
    await this.loadFont().catch(() => undefined);
  }

  /** The document as PDF bytes. */
  async render(document: PrintedDocument): Promise<Buffer> {
    return renderPdf(document, await this.loadFont());
  }

  /** The document as an `application/pdf` reply shown inline; `kind` names the ASCII fallback file name. */
  async file(document: PrintedDocument, kind: string): Promise<StreamableFile> {
    return pdfFile(await this.render(document), document, kind);
  }

  private loadFont(): Promise<PdfFont> {
    this.font ??= loadPdfFont(this.config.PDF_FONT_PATH ?? bundledFontPath(), this.config.PDF_FONT_NAME).catch((e: unknown) => {
      this.font = null;
      if (!(e instanceof PdfFontError)) throw e;
      this.logger.error(`PDF printing is unavailable: ${e.message}. Set PDF_FONT_PATH (and PDF_FONT_NAME for a collection) to a CJK font, or unset it to use the bundled Noto Sans SC.`);
      throw new DomainError(
        'DOCUMENTS.FONT_UNAVAILABLE',
        'PDF printing is unavailable: the Chinese font is not installed on the server (PDF_FONT_PATH); the JSON view of the document still works',
        'unavailable',
      );
    });
    return this.font;
  }
}
