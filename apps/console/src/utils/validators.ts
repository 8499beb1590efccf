/** Checks as typed, before the API's own (GB 11643 resident ID, mainland phone numbers). */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-character resident ID number with a valid check character and a real birth date. */
export function isResidentId(value: string): boolean {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  if (ID_CHECK[sum % 11] !== id[17]) return false;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
}

/** A mobile number (1 and 10 digits) or a landline with its area code (0851-12345678). */
export function isCnPhone(value: string): boolean {
  const v = value.trim().replace(/\s+/g, '');
  return /^(\+?86)?1[3-9]\d{9}$/.test(v) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(v);
}

type Rule = { validator: (rule: unknown, value: string, callback: (e?: Error) => void) => void; trigger: string[] };

/** Element Plus form rules, checked at every keystroke (an input's model change) and on leaving: optional fields only when filled. */
export function residentIdRule(required = false): Rule {
  return {
    trigger: ['change', 'blur'],
    validator: (_r, value, cb) => {
      if (!value) return cb(required ? new Error('请输入身份证号') : undefined);
      cb(isResidentId(value) ? undefined : new Error('身份证号无效（校验位或出生日期不对）'));
    },
  };
}

export function phoneRule(required = false): Rule {
  return {
    trigger: ['change', 'blur'],
    validator: (_r, value, cb) => {
      if (!value) return cb(required ? new Error('请输入联系电话') : undefined);
      cb(isCnPhone(value) ? undefined : new Error('电话号码无效'));
    },
  };
}
