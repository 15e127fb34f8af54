// Who a signed-in person is (a user) and the accounts they reach (linked accounts), as every feature and guard reads them.

export interface UserRow {
  id: number;
  login: string;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  role: 'customer' | 'support' | 'admin';
  customer_kind: 'person' | 'organisation' | null;
  status: 'pending' | 'active' | 'blocked';
  must_change_password: boolean;
  email_verified_at?: Date | null;
  birth_date?: string | null;
  gender?: 'male' | 'female' | null;
  marketing_consent?: boolean;
  last_login_at?: Date | null;
  /** Set once the person confirmed an authenticator app (two-factor login). */
  totp_enabled_at?: Date | null;
}

/** A supplier's contact centre, shown in the footer of the pages of its accounts. */
export interface SupplierContacts {
  id: number;
  name: string;
  short_name: string | null;
  phone: string;
  contact_hours: string;
  email: string | null;
  website: string | null;
  address: string;
}

/** The fields of SupplierContacts, as the suppliers table names them: every query of the contacts selects these. */
export const SUPPLIER_CONTACT_FIELDS = [
  'id',
  'name',
  'short_name',
  'phone',
  'contact_hours',
  'email',
  'website',
  'address',
] as const satisfies readonly (keyof SupplierContacts)[];

export interface LinkedAccount {
  id: number;
  number: string;
  address: string;
  supplier_id: number;
  supplier_name: string;
  supplier_time_zone: string;
  customer_kind: 'person' | 'organisation';
  relation: 'owner' | 'tenant' | 'representative';
  visible: boolean;
}

/** An account as the guard finds it: with its supplier's contacts, so the footer needs no query of its own. */
export type AccessibleAccount = LinkedAccount & { supplier_contacts: SupplierContacts };
