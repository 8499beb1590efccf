import { DEFAULT_STANDARDS, limitText } from './work-standards.js';

describe('work standards (seed 000)', () => {
  it('the defaults: an ordinary document in 1 working day, an urgent one in 4 working hours, minutes in half a working day', () => {
    expect(DEFAULT_STANDARDS.map((d) => [d.kind, d.urgent, limitText(d.limitMinutes(7), 7)])).toEqual([
      ['document', false, '1个工作日'],
      ['document', true, '4个工作小时'],
      ['minutes', false, '半个工作日'],
    ]);
  });

  it('says a limit in the words of a standard', () => {
    expect([limitText(840, 7), limitText(480, 7), limitText(90, 7), limitText(240, 8)]).toEqual(['2个工作日', '8个工作小时', '90个工作分钟', '半个工作日']);
  });
});
