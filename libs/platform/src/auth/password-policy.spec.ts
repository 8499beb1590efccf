import { passwordWeakness } from './password-policy.js';

describe('the password policy', () => {
  it.each(['aaaaaaaaaa', '1212121212', 'abababababab'])('refuses %s: too few different characters', (password) => {
    expect(passwordWeakness(password)).toMatch(/different characters/);
  });

  it.each(['password123', 'qwertyuiop', '1234567890', '1q2w3e4r5t', 'woaini1314', 'ChangeMe-2026', 'P@ssw0rd123', 'Password@2026', 'iloveyou!!', 'Change-Me-2026'])(
    'refuses the common password %s, whatever its year, case or look-alike letters',
    (password) => {
      expect(passwordWeakness(password)).toMatch(/most common passwords/);
    },
  );

  it('refuses a password that contains the username, in any case', () => {
    expect(passwordWeakness('Clerk01-Window-Duty', 'clerk01')).toMatch(/username/);
    expect(passwordWeakness('xxCLERK01yy-Tea', 'clerk01')).toMatch(/username/);
  });

  it('refuses fewer than 10 characters', () => {
    expect(passwordWeakness('Zq7#kL2m!')).toMatch(/10 characters/);
  });

  it.each(['Fresh-Password-2026', 'Another-Password-2027', 'Window-Duty-7Tea', 'zhu-ma-dian-33-Kiosk', '风雨无阻-窗口-2026'])('accepts %s', (password) => {
    expect(passwordWeakness(password, 'clerk01')).toBeNull();
  });
});
