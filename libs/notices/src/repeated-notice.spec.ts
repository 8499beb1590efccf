import { unannouncedItems, type NoticeItem } from './repeated-notice.js';

const item = (name: string, extra: Partial<NoticeItem> = {}): NoticeItem => ({ name, reason: '缺少', source: 'checklist', ...extra });

describe('repeated notice detection (一次性告知制)', () => {
  const first = [item('营业执照'), item('经营场所使用证明')];

  it('a second notice repeating items of the first is not a violation', () => {
    expect(unannouncedItems([first], [item('营业执照')])).toEqual([]);
  });

  it('a second notice asking for a new material is flagged as a repeated notice', () => {
    expect(unannouncedItems([first], [item('营业执照'), item('法定代表人身份证明')]).map((i) => i.name)).toEqual(['法定代表人身份证明']);
  });

  it('a new item marked newly required with a justification is not flagged', () => {
    const justified = item('消防安全检查合格证明', { newlyRequired: true, justification: '2026年5月新规要求' });
    expect(unannouncedItems([first], [justified])).toEqual([]);
  });

  it('a new item marked newly required without a justification is still flagged', () => {
    expect(unannouncedItems([first], [item('消防证明', { newlyRequired: true, justification: '  ' })])).toHaveLength(1);
  });

  it('compares names regardless of full-width characters and spaces', () => {
    expect(unannouncedItems([[item('ＡＢＣ 证明')]], [item('abc证明')])).toEqual([]);
  });

  it('counts items of every earlier notice, not only the first', () => {
    const second = [item('补充说明', { newlyRequired: true, justification: '规定变更' })];
    expect(unannouncedItems([first, second], [item('补充说明')])).toEqual([]);
  });

  it('compares checklist items by id, not by their wording', () => {
    const byId = [item('设立登记申请书', { itemId: 'M1' })];
    expect(unannouncedItems([byId], [item('申请书（设立登记）', { itemId: 'M1' })])).toEqual([]);
    expect(unannouncedItems([byId], [item('设立登记申请书', { itemId: 'M2' })]).map((i) => i.itemId)).toEqual(['M2']);
  });
});
