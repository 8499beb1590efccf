import { mergeMaterials, missingMaterials, resolveMaterials } from './materials.js';

const checklist = [
  { id: 'M1', name: '设立登记申请书', form: 'original' as const, copies: 1 },
  { id: 'M2', name: '身份证明', form: 'copy' as const, copies: 2 },
];
const freeText = (name: string) => ({ name, reason: '缺少', source: 'free_text' as const });

describe('materials against the checklist', () => {
  it('nothing is missing when every item is ticked by id with enough copies', () => {
    expect(missingMaterials(checklist, [], [{ itemId: 'M1', name: '设立登记申请书', pages: 2, copies: 1 }, { itemId: 'M2', name: '身份证明', pages: 1, copies: 2 }])).toEqual([]);
  });

  it('lists every item not handed in, and every item with too few copies, by id with a reason', () => {
    const missing = missingMaterials(checklist, [], [{ itemId: 'M2', name: '身份证明', pages: 1, copies: 1 }]);
    expect(missing.map((m) => [m.itemId, m.name, m.reason])).toEqual([
      ['M1', '设立登记申请书', '未提交（需原件1份）'],
      ['M2', '身份证明', '份数不足：需2份，收到1份'],
    ]);
  });

  it('a free-text wording does not stand for a checklist item; the exact checklist name does', () => {
    expect(missingMaterials(checklist, [], resolveMaterials(checklist, [{ name: '申请书', pages: 1, copies: 1 }, { itemId: 'M2', pages: 1, copies: 2 }])).map((m) => m.itemId)).toEqual(['M1']);
    expect(resolveMaterials(checklist, [{ name: ' 设立登记申请书', pages: 1, copies: 1 }])).toEqual([{ itemId: 'M1', name: '设立登记申请书', pages: 1, copies: 1 }]);
  });

  it('refuses an id the checklist does not have, naming the field', () => {
    expect(() => resolveMaterials(checklist, [{ itemId: 'M9', pages: 1, copies: 1 }])).toThrow(expect.objectContaining({ code: 'CASE.UNKNOWN_CHECKLIST_ITEM', field: 'materials.0.itemId' }));
  });

  it('keeps asking for items a notice added beyond the checklist until they arrive', () => {
    const all = [{ itemId: 'M1', name: '设立登记申请书', pages: 1, copies: 1 }, { itemId: 'M2', name: '身份证明', pages: 1, copies: 2 }];
    expect(missingMaterials(checklist, [freeText('租赁合同')], all).map((m) => m.name)).toEqual(['租赁合同']);
    expect(missingMaterials(checklist, [freeText('租赁合同')], [...all, { name: '租赁合同', pages: 3, copies: 1 }])).toEqual([]);
  });

  it('a later hand-in replaces the earlier one of the same checklist item', () => {
    expect(mergeMaterials(checklist, [{ name: '身份证明', pages: 1, copies: 1 }], [{ itemId: 'M2', name: '身份证明', pages: 1, copies: 2 }])).toEqual([
      { itemId: 'M2', name: '身份证明', pages: 1, copies: 2 },
    ]);
  });
});
