import { firstVagueDuty } from './post-duties.js';

describe('岗位职责清晰具体', () => {
  it('a duty that names no task is vague, with or without its punctuation', () => {
    for (const d of ['负责相关工作', '负责 相关工作。', '做好其他工作', '各项事务', '承担本岗位的日常工作']) expect(firstVagueDuty([d])).toBe(0);
  });

  it('a duty that names the task is not; the first vague one is found among several', () => {
    expect(firstVagueDuty(['负责公文的接收、登记、拟办、分办、传阅、催办工作', '负责公文处理'])).toBe(-1);
    expect(firstVagueDuty(['负责公文的接收、登记', '负责相关工作'])).toBe(1);
  });
});
