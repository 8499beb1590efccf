import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 10;

/**
 * Passwords common in China that the (mostly Western) list lacks: pinyin phrases, lucky numbers and
 * keyboard walks, as they top the published leaks. The list is matched after lower-casing.
 */
const CHINESE_COMMON = [
  'woaini', 'woaini1314', 'woaini520', '5201314', '1314520', '5211314', '520520', '1314521', 'aini1314',
  'qq123456', 'qq5201314', 'a123456', 'a123456789', 'aa123456', 'abc123456', 'a12345678', '123456a',
  '123456abc', '123456789a', '147258369', '789456123', '741852963', '963852741', '159357', '147258',
  '88888888', '66666666', '168168', '518518', 'zhang123', 'wang123', 'li123456', 'woshishui', 'nihao123',
  'zxcvbnm', 'qazwsxedc', '1qaz2wsx', 'asdfghjkl', 'zhongguo', 'beijing', 'shanghai', 'huawei', 'xiaomi',
  'mima', 'mima123', 'mima123456', 'admin123', 'root123', 'changeme', 'letmein', 'welcome',
];

const COMMON = new Set<string>([...dictionary['passwords-common'], ...CHINESE_COMMON].map((p) => p.toLowerCase()));

/** Look-alike characters people put into a common word. */
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '$': 's', '5': 's', '7': 't' };

/**
 * Why a new password is too weak, or null when it will do: fewer than 10 characters, fewer than 5
 * different characters (`aaaaaaaaaa`), a common password even with a year or digits added and letters
 * swapped for look-alikes (`ChangeMe-2026`, `P@ssw0rd123`), or one that contains the username.
 */
export function passwordWeakness(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `a password needs at least ${PASSWORD_MIN_LENGTH} characters`;
  if (new Set(password).size < 5) return 'a password needs at least 5 different characters';
  const lower = password.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'a password must not contain the username';
  for (const candidate of variants(lower)) {
    if (COMMON.has(candidate)) return 'this is one of the most common passwords: choose another';
  }
  return null;
}

/** The password as typed, without trailing digits and symbols, without leading ones, and de-leeted. */
function variants(lower: string): Set<string> {
  const out = new Set<string>([lower]);
  const trimmed = lower.replace(/[^a-z]+$/, '').replace(/^[^a-z]+/, '');
  if (trimmed.length >= 4) out.add(trimmed);
  for (const v of [...out]) {
    const plain = [...v].map((c) => LEET[c] ?? c).join('');
    out.add(plain);
    const plainTrimmed = plain.replace(/[^a-z]+$/, '').replace(/^[^a-z]+/, '');
    if (plainTrimmed.length >= 4) out.add(plainTrimmed);
  }
  // Separators inside a phrase ("change-me", "pass word") do not make it another password.
  for (const v of [...out]) out.add(v.replace(/[\s._-]+/g, ''));
  return out;
}
