/**
 * A printed document as data: what the citizen or a reader is handed, independent of the PDF library.
 * Receipts, notices and slips use the header, fields, lists and staff lines; the monthly efficiency
 * bulletin (效能通报) adds headings, paragraphs and tables.
 */
export interface PrintedDocument {
  /** The issuing unit, printed above the title and again with the signature. */
  unitName: string;
  title: string;
  /** The document number, e.g. 收件〔2026〕0001号; printed under the title and in each page's footer. */
  number?: string;
  /** Whom the document is addressed to ("张三："), printed before the body. */
  addressee?: string;
  blocks: DocumentBlock[];
  /** 持证上岗: every document names the staff who acted on it, with their badge numbers. */
  staff?: StaffLine[];
  /** Right-aligned lines after the body, e.g. the unit (seal) and the date. */
  signature?: string[];
  /** Small print at the end: how to look the case up, where to complain... */
  notes?: string[];
}

export interface StaffLine {
  /** 经办人, 批准人, 告知人... */
  role: string;
  name: string;
  badgeNo: string;
}

export type DocumentBlock = HeadingBlock | ParagraphBlock | FieldsBlock | ListBlock | TableBlock;

export interface HeadingBlock {
  kind: 'heading';
  text: string;
}

/** Body text; the first line is indented by two characters, as in Chinese official writing. */
export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
}

/** Label and value rows (申请人：张三); long values wrap beside their label. */
export interface FieldsBlock {
  kind: 'fields';
  rows: Array<{ label: string; value: string }>;
}

/** A numbered list (1. 2. 3.), each item wrapped under its own text. */
export interface ListBlock {
  kind: 'list';
  title?: string;
  items: string[];
}

/** A ruled table; the header row is repeated on every page it continues to. */
export interface TableBlock {
  kind: 'table';
  title?: string;
  columns: TableColumn[];
  rows: string[][];
}

export interface TableColumn {
  header: string;
  /** Share of the table's width relative to the other columns (default 1). */
  weight?: number;
  align?: 'left' | 'center' | 'right';
}
