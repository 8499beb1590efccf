/** Masks for personal data in lists and exports (DESIGN.md section 6). */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length <= 7) return phone.slice(0, 2) + '*'.repeat(phone.length - 2);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}
