/** Masks for personal data in lists and exports (DESIGN.md section 6). */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length <= 7) return phone.slice(0, 2) + '*'.repeat(phone.length - 2);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** A person's name as an alert or a list shows it: the family name and a star for each other character (张*). */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = [...name];
  return chars[0]! + '*'.repeat(Math.max(1, chars.length - 1));
}

export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}
