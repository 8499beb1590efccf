import { maskIdNumber, maskPhone } from './personal-data.js';

describe('personal data masks', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
  });

  it('masks a resident ID number but for region and last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('passes empty values through', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskIdNumber(undefined)).toBeNull();
  });
});
