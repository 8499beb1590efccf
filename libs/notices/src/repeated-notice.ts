/**
 * 一次性告知制: the first written notice lists every missing item. A later notice on the same case may
 * repeat what an earlier one asked for, or add an item that became newly required, with a justification.
 * Anything else is a repeated notice (违反一次性告知).
 */
export interface NoticeItem {
  name: string;
  reason: string;
  /** From the service item's checklist, or written by the clerk. */
  source: 'checklist' | 'free_text';
  newlyRequired?: boolean;
  justification?: string;
}

/** Names compare after Unicode normalisation and with white space folded: "营业执照 " is "营业执照". */
export function itemKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The items of `next` that no earlier notice asked for and that are not justified as newly required. */
export function unannouncedItems(earlier: readonly NoticeItem[][], next: readonly NoticeItem[]): NoticeItem[] {
  const asked = new Set(earlier.flat().map((i) => itemKey(i.name)));
  return next.filter((i) => !asked.has(itemKey(i.name)) && !(i.newlyRequired && i.justification?.trim()));
}
