/** One page of a list: every list of the API answers this shape. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The page asked for, with the defaults filled in, and the OFFSET it starts at. */
export function pageOf(q: { page?: number; pageSize?: number }, defaultSize = DEFAULT_PAGE_SIZE): { page: number; pageSize: number; offset: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? defaultSize;
  return { page, pageSize, offset: (page - 1) * pageSize };
}
