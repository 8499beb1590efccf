/**
 * 一次性告知制: the first written notice lists every missing item. A later notice on the same case may
 * repeat what an earlier one asked for, or add an item that became newly required, with a justification.
 * Anything else is a repeated notice (违反一次性告知).
 */
export interface NoticeItem {
  /** The checklist item's id (M1…) when it is one; free-text items have none. */
  itemId?: string;
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

/**
 * The items of `next` that no earlier notice asked for and that are not justified as newly required.
 * Checklist items compare by id, whatever the wording; free-text items (and checklist items of notices
 * issued before ids were kept) by name.
 */
export function unannouncedItems(earlier: readonly NoticeItem[][], next: readonly NoticeItem[]): NoticeItem[] {
  const ids = new Set(earlier.flat().flatMap((i) => (i.itemId ? [i.itemId] : [])));
  const names = new Set(earlier.flat().filter((i) => !i.itemId).map((i) => itemKey(i.name)));
  const asked = (i: NoticeItem) => (i.itemId ? ids.has(i.itemId) || names.has(itemKey(i.name)) : names.has(itemKey(i.name)));
  return next.filter((i) => !asked(i) && !(i.newlyRequired && i.justification?.trim()));
}
