import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/** Noto Sans SC (Regular) from the npm package @embedpdf/fonts-sc: the default, installed by `npm ci` everywhere. */
export function bundledFontPath(): string {
  // The package's exports hide its package.json: its entry point is dist/index.*, the fonts sit beside dist/.
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return join(dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

/** The CJK font every document is set in, embedded (subset) into each PDF. */
export interface PdfFont {
  /** A TrueType or OpenType font, or a collection of them (.ttc, .otc). */
  data: Buffer;
  /** The PostScript name of the font to use from a collection (e.g. WenQuanYiMicroHei); unused for a single font. */
  name?: string;
}

/** Why the font cannot be used: missing, unreadable, not a font, or without Chinese glyphs. */
export class PdfFontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfFontError';
  }
}

/** A font collection starts with the tag `ttcf`; a single font ignores the name. */
function isCollection(data: Buffer): boolean {
  return data.subarray(0, 4).toString('latin1') === 'ttcf';
}

/** pdfkit's embedded font wraps the fontkit font; not in the published types. */
interface OpenedFont {
  _font?: { font?: { hasGlyphForCodePoint?: (codePoint: number) => boolean } };
}

/**
 * Reads the font file and checks that it opens and has Chinese glyphs, so a wrong path or a Latin-only
 * font is reported once, clearly, instead of printing boxes.
 */
export async function loadPdfFont(path: string, postscriptName?: string): Promise<PdfFont> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PdfFontError(code === 'ENOENT' ? `the font file ${path} does not exist` : `the font file ${path} cannot be read (${code ?? String(e)})`);
  }
  const font: PdfFont = isCollection(data) ? { data, name: postscriptName } : { data };
  if (isCollection(data) && !postscriptName) throw new PdfFontError(`${path} is a font collection: name the font to use from it`);
  const probe = new PDFDocument({ autoFirstPage: false });
  try {
    if (font.name) probe.font(font.data, font.name);
    else probe.font(font.data);
  } catch {
    throw new PdfFontError(
      font.name ? `${path} has no font named ${font.name} (or is not a TrueType/OpenType font)` : `${path} is not a TrueType/OpenType font`,
    );
  }
  const opened = (probe as unknown as OpenedFont)._font?.font;
  if (opened?.hasGlyphForCodePoint && !opened.hasGlyphForCodePoint('中'.codePointAt(0)!)) {
    throw new PdfFontError(`${path}${font.name ? ` (${font.name})` : ''} has no Chinese characters`);
  }
  return font;
}
