import { transferLeftUnacknowledged } from './transfer-rules.js';

const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00+08:00`);

describe('a transfer left unacknowledged (推诿)', () => {
  const due = at('14:00');

  it('is not a violation before the limit has passed, acknowledged or not', () => {
    expect(transferLeftUnacknowledged(due, null, at('13:59'))).toBe(false);
    expect(transferLeftUnacknowledged(due, null, due)).toBe(false);
  });

  it('is one once the limit has passed with no acknowledgement', () => {
    expect(transferLeftUnacknowledged(due, null, at('14:01'))).toBe(true);
  });

  it('acknowledged by the limit (to the minute) is kept; acknowledged later is still a violation', () => {
    expect(transferLeftUnacknowledged(due, at('13:00'), at('16:00'))).toBe(false);
    expect(transferLeftUnacknowledged(due, due, at('16:00'))).toBe(false);
    expect(transferLeftUnacknowledged(due, at('14:05'), at('16:00'))).toBe(true);
  });
});
