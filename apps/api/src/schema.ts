import { Calendar1767000002000 } from '@app/calendar';
import { Cases1767000006000 } from '@app/cases';
import { Catalogue1767000003000 } from '@app/catalogue';
import { Deadlines1767000008000 } from '@app/deadlines';
import { Enquiries1767000004000 } from '@app/enquiries';
import { Notices1767000007000 } from '@app/notices';
import { Organization1767000001000 } from '@app/organization';
import { Oversight1767000005000 } from '@app/oversight';
import { Platform1767000000000 } from '@app/platform';

/** Every lib's migrations, in the order they must run. */
export const migrations = [
  Platform1767000000000,
  Organization1767000001000,
  Calendar1767000002000,
  Catalogue1767000003000,
  Enquiries1767000004000,
  Oversight1767000005000,
  Cases1767000006000,
  Notices1767000007000,
  Deadlines1767000008000,
];
