import { Calendar1767000002000 } from '@app/calendar';
import { Catalogue1767000003000 } from '@app/catalogue';
import { Enquiries1767000004000 } from '@app/enquiries';
import { Organization1767000001000 } from '@app/organization';
import { Platform1767000000000 } from '@app/platform';

/** Every lib's migrations, in the order they must run. */
export const migrations = [
  Platform1767000000000,
  Organization1767000001000,
  Calendar1767000002000,
  Catalogue1767000003000,
  Enquiries1767000004000,
];
