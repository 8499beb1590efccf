import { parseIsoWithOffset } from './iso-time.js';

describe('ISO-8601 times with an offset', () => {
  it('reads the offset', () => {
    expect(parseIsoWithOffset('2026-09-30T10:00:00+08:00')?.toISOString()).toBe('2026-09-30T02:00:00.000Z');
    expect(parseIsoWithOffset('2026-09-30T02:00Z')?.toISOString()).toBe('2026-09-30T02:00:00.000Z');
    expect(parseIsoWithOffset('2026-09-30T10:00:00.5-01:30')?.toISOString()).toBe('2026-09-30T11:30:00.500Z');
  });

  it.each(['2026-02-30T10:00:00+08:00', '2026-04-31T10:00:00+08:00', '2026-02-10T24:00:00+08:00', '2026-02-10T10:61:00+08:00', '2026-02-10T10:00:00+15:00'])(
    'refuses %s, which does not exist',
    (text) => expect(parseIsoWithOffset(text)).toBeNull(),
  );

  it.each(['2026-02-10T10:00:00', '2026-02-10', 'yesterday', '2026-2-10T10:00:00+08:00'])('refuses %s, which has no offset or is not ISO', (text) =>
    expect(parseIsoWithOffset(text)).toBeNull(),
  );
});
