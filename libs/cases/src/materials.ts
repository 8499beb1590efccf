import { DomainError } from '@app/core';
import type { RequiredMaterial } from '@app/catalogue';
import { itemKey, type NoticeItem } from '@app/notices';

/** A material handed in: a checklist item by its id (named from the checklist), or a free-text one. */
export interface ReceivedMaterial {
  itemId?: string;
  name: string;
  pages: number;
  copies: number;
}

/** A material as the window sends it: a ticked checklist id, or a name for what the checklist lacks. */
export interface MaterialInput {
  itemId?: string;
  name?: string;
  pages: number;
  copies: number;
}

/** A notice item as the window sends it: a checklist id or a free-text name, with the reason. */
export interface NoticeItemInput {
  itemId?: string;
  name?: string;
  reason: string;
  newlyRequired?: boolean;
  justification?: string;
}

const FORM: Record<RequiredMaterial['form'], string> = { original: '原件', copy: '复印件', original_and_copy: '原件及复印件' };

/** One key per item: the checklist id, else the normalised name. */
export function materialKey(m: { itemId?: string; name: string }): string {
  return m.itemId ? `id:${m.itemId}` : `name:${itemKey(m.name)}`;
}

/**
 * The checklist item a material or notice item stands for: by id, or (cheap compatibility with clients
 * that send names, and rows stored before ids) by a name equal to a checklist item's. A wording that is
 * not the checklist's stays free text: "申请书" does not stand for "设立登记申请书". An unknown id is refused.
 */
export function resolveItem(checklist: RequiredMaterial[], input: { itemId?: string; name?: string }, field: string): { itemId?: string; name: string } {
  if (input.itemId !== undefined) {
    const found = checklist.find((c) => c.id === input.itemId);
    if (!found) throw new DomainError('CASE.UNKNOWN_CHECKLIST_ITEM', `the checklist has no item ${input.itemId}`, 'invalid', `${field}.itemId`);
    return { itemId: found.id, name: found.name };
  }
  const name = input.name ?? '';
  const named = checklist.find((c) => itemKey(c.name) === itemKey(name));
  return named ? { itemId: named.id, name: named.name } : { name };
}

/** Materials as stored: each resolved against the checklist. */
export function resolveMaterials(checklist: RequiredMaterial[], received: MaterialInput[], field = 'materials'): ReceivedMaterial[] {
  return received.map((r, i) => ({ ...resolveItem(checklist, r, `${field}.${i}`), pages: r.pages, copies: r.copies }));
}

/**
 * What is still missing: every checklist item not handed in (or with too few copies), by id, and every
 * free-text item an earlier notice asked for that has not arrived. Each with the reason the notice gives.
 */
export function missingMaterials(checklist: RequiredMaterial[], askedBefore: NoticeItem[], received: ReceivedMaterial[]): NoticeItem[] {
  const got = new Map(resolveMaterials(checklist, received).map((r) => [materialKey(r), r]));
  const missing: NoticeItem[] = [];
  for (const item of checklist) {
    const r = got.get(`id:${item.id}`);
    if (!r) missing.push({ itemId: item.id, name: item.name, source: 'checklist', reason: `未提交（需${FORM[item.form]}${item.copies}份）` });
    else if (r.copies < item.copies) {
      missing.push({ itemId: item.id, name: item.name, source: 'checklist', reason: `份数不足：需${item.copies}份，收到${r.copies}份` });
    }
  }
  for (const asked of askedBefore) {
    // Checklist items were checked above; a name resolves without an id, so this never throws.
    const item = asked.itemId ? null : resolveItem(checklist, { name: asked.name }, 'notice');
    if (!item || item.itemId) continue;
    const key = materialKey(item);
    if (!got.has(key) && !missing.some((m) => materialKey(m) === key)) missing.push({ name: asked.name, source: 'free_text', reason: '此前书面告知的材料，尚未提交' });
  }
  return missing;
}

/** Later materials replace earlier ones of the same checklist item (or the same free-text name). */
export function mergeMaterials(checklist: RequiredMaterial[], earlier: ReceivedMaterial[], later: ReceivedMaterial[]): ReceivedMaterial[] {
  const merged = new Map(resolveMaterials(checklist, earlier).map((m) => [materialKey(m), m]));
  for (const m of later) merged.set(materialKey(m), m);
  return [...merged.values()];
}
