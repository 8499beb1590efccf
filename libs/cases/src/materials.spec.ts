import { mergeMaterials, missingMaterials } from './materials.js';

const checklist = [
  { name: '申请书', form: 'original' as const, copies: 1 },
  { name: '身份证明', form: 'copy' as const, copies: 2 },
];

describe('materials against the checklist', () => {
  it('nothing is missing when every item is handed in with enough copies', () => {
    expect(missingMaterials(checklist, [], [{ name: '申请书', pages: 2, copies: 1 }, { name: '身份证明', pages: 1, copies: 2 }])).toEqual([]);
  });

  it('lists every item not handed in, and every item with too few copies, with a reason', () => {
    const missing = missingMaterials(checklist, [], [{ name: '身份证明', pages: 1, copies: 1 }]);
    expect(missing.map((m) => [m.name, m.reason])).toEqual([
      ['申请书', '未提交（需原件1份）'],
      ['身份证明', '份数不足：需2份，收到1份'],
    ]);
  });

  it('keeps asking for items a notice added beyond the checklist until they arrive', () => {
    const all = [{ name: '申请书', pages: 1, copies: 1 }, { name: '身份证明', pages: 1, copies: 2 }];
    expect(missingMaterials(checklist, ['租赁合同'], all).map((m) => m.name)).toEqual(['租赁合同']);
    expect(missingMaterials(checklist, ['租赁合同'], [...all, { name: '租赁合同', pages: 3, copies: 1 }])).toEqual([]);
  });

  it('a later hand-in replaces the earlier one of the same name', () => {
    expect(mergeMaterials([{ name: '身份证明', pages: 1, copies: 1 }], [{ name: '身份证明 ', pages: 1, copies: 2 }])).toEqual([
      { name: '身份证明 ', pages: 1, copies: 2 },
    ]);
  });
});
