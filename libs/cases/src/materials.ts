import { itemKey, type NoticeItem } from '@app/notices';

export interface ReceivedMaterial {
  name: string;
  pages: number;
  copies: number;
}

export interface RequiredMaterial {
  name: string;
  form: 'original' | 'copy' | 'original_and_copy';
  copies: number;
}

const FORM: Record<RequiredMaterial['form'], string> = { original: '原件', copy: '复印件', original_and_copy: '原件及复印件' };

/**
 * What is still missing: every checklist item not handed in (or with too few copies), and every item
 * an earlier notice asked for that has not arrived. Each with the reason the notice gives.
 */
export function missingMaterials(checklist: RequiredMaterial[], askedBefore: string[], received: ReceivedMaterial[]): NoticeItem[] {
  const got = new Map(received.map((r) => [itemKey(r.name), r]));
  const missing: NoticeItem[] = [];
  for (const item of checklist) {
    const r = got.get(itemKey(item.name));
    if (!r) missing.push({ name: item.name, source: 'checklist', reason: `未提交（需${FORM[item.form]}${item.copies}份）` });
    else if (r.copies < item.copies) {
      missing.push({ name: item.name, source: 'checklist', reason: `份数不足：需${item.copies}份，收到${r.copies}份` });
    }
  }
  const listed = new Set(checklist.map((c) => itemKey(c.name)));
  for (const name of askedBefore) {
    if (!listed.has(itemKey(name)) && !got.has(itemKey(name))) missing.push({ name, source: 'free_text', reason: '此前书面告知的材料，尚未提交' });
  }
  return missing;
}

/** Later materials replace earlier ones of the same name. */
export function mergeMaterials(earlier: ReceivedMaterial[], later: ReceivedMaterial[]): ReceivedMaterial[] {
  const merged = new Map(earlier.map((m) => [itemKey(m.name), m]));
  for (const m of later) merged.set(itemKey(m.name), m);
  return [...merged.values()];
}
