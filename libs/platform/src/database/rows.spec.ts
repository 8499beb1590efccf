import { json, nullable, oneOf, readRows, readTotal, rowMapper, subsetOf } from './rows.js';

const caseRow = rowMapper('service_case', {
  id: 'text',
  status: oneOf(['accepted', 'completed']),
  receipt_no: 'text?',
  accepted_at: 'timestamp',
  finished_at: 'timestamp?',
  working_minutes: 'int',
  score: 'decimal?',
  active: 'bool',
  roles: 'text[]',
  materials: json<Array<{ name: string }>>(),
  note: nullable(oneOf(['a', 'b'])),
});

const raw = {
  id: 'c1',
  status: 'accepted',
  receipt_no: null,
  accepted_at: new Date('2026-03-02T02:00:00Z'),
  finished_at: null,
  working_minutes: '420',
  score: '87.50',
  active: true,
  roles: ['handler'],
  materials: [{ name: '申请书' }],
  note: null,
  extra: 'not read',
};

describe('row mappers', () => {
  it('a row is read into its typed shape, columns it does not name kept as they came', () => {
    expect(caseRow({ ...raw })).toEqual({
      id: 'c1',
      status: 'accepted',
      receipt_no: null,
      accepted_at: new Date('2026-03-02T02:00:00Z'),
      finished_at: null,
      working_minutes: 420,
      score: 87.5,
      active: true,
      roles: ['handler'],
      materials: [{ name: '申请书' }],
      note: null,
      extra: 'not read',
    });
  });

  it('a missing column throws naming the column', () => {
    const { receipt_no: _, ...without } = raw;
    expect(() => caseRow(without)).toThrow('column service_case.receipt_no is missing from the row');
  });

  it('a wrong type throws naming the column and what came', () => {
    expect(() => caseRow({ ...raw, id: 42 })).toThrow('column service_case.id: expected text, got number 42');
    expect(() => caseRow({ ...raw, accepted_at: '2026-03-02' })).toThrow('column service_case.accepted_at: expected a timestamp, got string "2026-03-02"');
    expect(() => caseRow({ ...raw, active: 't' })).toThrow('column service_case.active: expected a boolean');
    expect(() => caseRow({ ...raw, roles: ['handler', 1] })).toThrow('column service_case.roles: expected an array of text');
  });

  it('NULL is refused where the column does not allow it', () => {
    expect(() => caseRow({ ...raw, accepted_at: null })).toThrow('column service_case.accepted_at: expected a timestamp, got null');
    expect(() => caseRow({ ...raw, status: null })).toThrow('column service_case.status: expected one of accepted, completed, got null');
  });

  it('a value outside a closed set is refused', () => {
    expect(() => caseRow({ ...raw, status: 'lost' })).toThrow('column service_case.status: expected one of accepted, completed, got string "lost"');
  });

  it('a list outside a closed set is refused', () => {
    const staffRow = rowMapper('staff', { roles: subsetOf(['clerk', 'handler']) });
    expect(staffRow({ roles: ['clerk', 'handler'] }).roles).toEqual(['clerk', 'handler']);
    expect(() => staffRow({ roles: ['clerk', 'root'] })).toThrow('column staff.roles: expected an array of clerk, handler, got an array');
  });

  it('int8 counts and numeric values arrive as numbers', () => {
    const row = rowMapper('figures', { n: 'int', sum: 'int', mean: 'decimal' })({ n: '12', sum: 7, mean: '3.25' });
    expect(row).toEqual({ n: 12, sum: 7, mean: 3.25 });
    expect(typeof row.n).toBe('number');
  });

  it('a count that is not a whole number, or too large to hold exactly, is refused', () => {
    const counted = rowMapper('figures', { n: 'int' });
    expect(() => counted({ n: '1.5' })).toThrow('column figures.n: expected an integer, got string "1.5"');
    expect(() => counted({ n: '9007199254740993' })).toThrow('column figures.n: expected an integer');
    expect(() => rowMapper('figures', { mean: 'decimal' })({ mean: 'NaN' })).toThrow('column figures.mean: expected a number');
  });

  it('readRows reads plain rows and the [rows, count] answer of UPDATE … RETURNING alike', () => {
    const idRow = rowMapper('t', { id: 'text' });
    expect(readRows(idRow, [{ id: 'a' }, { id: 'b' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(readRows(idRow, [[{ id: 'a' }], 1])).toEqual([{ id: 'a' }]);
    expect(readRows(idRow, [[], 0])).toEqual([]);
    expect(() => readRows(idRow, [[{ id: 3 }], 1])).toThrow('column t.id: expected text, got number 3');
    expect(() => readRows(idRow, undefined)).toThrow('a query result is an array of rows');
  });

  it('readTotal reads a count as a number', () => {
    expect(readTotal([{ total: '41' }])).toBe(41);
    expect(() => readTotal([])).toThrow('a count query returned no row');
  });
});
