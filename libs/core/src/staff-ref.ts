/** A staff member as documents and views name them: name and badge number (持证上岗). */
export interface StaffRef {
  id: string;
  name: string;
  badgeNo: string;
}

/** An office as views name it. */
export interface OfficeRef {
  id: string;
  name: string;
}
