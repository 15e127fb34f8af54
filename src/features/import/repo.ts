// SQL of the importer: set-based upserts by natural key (one statement per table and batch) and the lookups of validation.
import type { Db, Tx } from '../../db/knex.js';

/** Who holds a natural key in the database: the account (number + supplier code). */
export interface Owner {
  key: string;
  account_number: string;
  account_supplier: string;
}

export interface TableSpec {
  table: string;
  /** every column written, with the type json_to_recordset reads it as */
  cols: readonly (readonly [string, string])[];
  /** the ON CONFLICT target, e.g. '(supplier_id, number)' */
  conflict: string;
  /** the natural-key columns (to find ids after the upsert) */
  key: readonly string[];
  /** columns compared and updated on conflict */
  update: readonly string[];
  /** columns an update leaves alone when the new value is null (PIN hash, password hash) */
  keepIfNull?: readonly string[];
  /** the table has updated_at */
  touch: boolean;
}

export interface UpsertResult {
  inserted: number[];
  updated: number[];
}

const CHUNK = 5000;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const recordset = (cols: readonly (readonly [string, string])[]) =>
  cols.map(([c, t]) => `${c} ${t}`).join(', ');

export interface AccountHolder {
  id: number;
  number: string;
  supplier: string;
  kind: 'person' | 'organisation';
  phone: string | null;
  lastName: string | null;
  firstName: string | null;
}

export class ImportRepo {
  constructor(private readonly db: Db | Tx) {}

  /**
   * insert … on conflict do update … where something differs: a row equal to the file is not
   * touched, so a second import of the same file changes nothing. Returns the ids it inserted
   * and the ids it updated.
   */
  async upsert(
    spec: TableSpec,
    rows: readonly Record<string, unknown>[],
    db: Db | Tx = this.db,
  ): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: [], updated: [] };
    if (rows.length === 0) return result;
    const names = spec.cols.map(([c]) => c);
    const keep = new Set(spec.keepIfNull ?? []);
    const newValue = (c: string) => (keep.has(c) ? `coalesce(excluded.${c}, t.${c})` : `excluded.${c}`);
    const set = spec.update.map((c) => `${c} = ${newValue(c)}`);
    if (spec.touch) set.push('updated_at = now()');
    const sql =
      `insert into ${spec.table} as t (${names.join(', ')}) ` +
      `select ${names.join(', ')} from json_to_recordset(?::json) as x(${recordset(spec.cols)}) ` +
      `on conflict ${spec.conflict} do update set ${set.join(', ')} ` +
      `where (${spec.update.map((c) => `t.${c}`).join(', ')}) is distinct from (${spec.update.map(newValue).join(', ')}) ` +
      `returning t.id, (t.xmax = 0) as inserted`;
    for (const part of chunks(rows)) {
      const res = await db.raw<{ rows: { id: number; inserted: boolean }[] }>(sql, [JSON.stringify(part)]);
      for (const r of res.rows) (r.inserted ? result.inserted : result.updated).push(r.id);
    }
    return result;
  }

  /** Upsert for tables whose key is the whole identity and that have no id column to return. */
  async upsertCount(
    spec: TableSpec,
    rows: readonly Record<string, unknown>[],
    db: Db | Tx = this.db,
  ): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    if (rows.length === 0) return { inserted, updated };
    const names = spec.cols.map(([c]) => c);
    const set = spec.update.map((c) => `${c} = excluded.${c}`);
    const sql =
      `insert into ${spec.table} as t (${names.join(', ')}) ` +
      `select ${names.join(', ')} from json_to_recordset(?::json) as x(${recordset(spec.cols)}) ` +
      `on conflict ${spec.conflict} do update set ${set.join(', ')} ` +
      `where (${spec.update.map((c) => `t.${c}`).join(', ')}) is distinct from (${spec.update.map((c) => `excluded.${c}`).join(', ')}) ` +
      `returning (t.xmax = 0) as inserted`;
    for (const part of chunks(rows)) {
      const res = await db.raw<{ rows: { inserted: boolean }[] }>(sql, [JSON.stringify(part)]);
      for (const r of res.rows) {
        if (r.inserted) inserted++;
        else updated++;
      }
    }
    return { inserted, updated };
  }

  /** The ids of rows by natural key: Map of key values joined by '|' → id. */
  async idsByKey(
    spec: TableSpec,
    rows: readonly Record<string, unknown>[],
    db: Db | Tx = this.db,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    if (rows.length === 0) return ids;
    const types = new Map(spec.cols);
    const keyCols = spec.key.map((k) => [k, types.get(k)!] as const);
    const sql =
      `select t.id, ${spec.key.map((k) => `t.${k}`).join(', ')} from ${spec.table} t ` +
      `join json_to_recordset(?::json) as x(${recordset(keyCols)}) on ${spec.key.map((k) => `t.${k} = x.${k}`).join(' and ')}`;
    for (const part of chunks(rows)) {
      const keys = part.map((r) => Object.fromEntries(spec.key.map((k) => [k, r[k]])));
      const res = await db.raw<{ rows: Record<string, unknown>[] }>(sql, [JSON.stringify(keys)]);
      for (const r of res.rows) ids.set(spec.key.map((k) => String(r[k])).join('|'), r.id as number);
    }
    return ids;
  }

  /**
   * Replaces the children of parents whose set of children differs from the file's (bill lines,
   * payment allocations): compares as multisets with EXCEPT ALL, deletes and inserts in one
   * statement. Returns the parent ids that changed.
   */
  async replaceChildren(
    table: string,
    parent: string,
    cols: readonly (readonly [string, string])[],
    rows: readonly Record<string, unknown>[],
    db: Db | Tx = this.db,
  ): Promise<number[]> {
    if (rows.length === 0) return [];
    const names = cols.map(([c]) => c).join(', ');
    const sql =
      `with n as (select ${names} from json_to_recordset(?::json) as x(${recordset(cols)})), ` +
      `o as (select ${names} from ${table} where ${parent} in (select ${parent} from n)), ` +
      `changed as (select ${parent} from (select * from n except all select * from o) a ` +
      `union select ${parent} from (select * from o except all select * from n) b), ` +
      `del as (delete from ${table} where ${parent} in (select ${parent} from changed)), ` +
      `ins as (insert into ${table} (${names}) select ${names} from n where ${parent} in (select ${parent} from changed)) ` +
      `select ${parent} as id from changed`;
    const changed: number[] = [];
    // a parent's children must stay in one statement: cut between parents only
    let start = 0;
    while (start < rows.length) {
      let end = Math.min(start + CHUNK, rows.length);
      while (end < rows.length && rows[end]![parent] === rows[end - 1]![parent]) end++;
      const res = await db.raw<{ rows: { id: number }[] }>(sql, [JSON.stringify(rows.slice(start, end))]);
      for (const r of res.rows) changed.push(r.id);
      start = end;
    }
    return changed;
  }

  /** Plain multi-row insert (children of parents created in this import: nothing to compare with). */
  async insertRows(
    table: string,
    cols: readonly (readonly [string, string])[],
    rows: readonly Record<string, unknown>[],
    db: Db | Tx = this.db,
  ): Promise<void> {
    const names = cols.map(([c]) => c).join(', ');
    for (const part of chunks(rows)) {
      await db.raw(
        `insert into ${table} (${names}) select ${names} from json_to_recordset(?::json) as x(${recordset(cols)})`,
        [JSON.stringify(part)],
      );
    }
  }

  /** Sets bills.corrects_bill_id from (bill id, supplier, corrected number); returns the bills changed. */
  async linkCorrections(
    rows: { bill_id: number; supplier_id: number; number: string | null }[],
    db: Db | Tx = this.db,
  ): Promise<number[]> {
    const out: number[] = [];
    for (const part of chunks(rows)) {
      const res = await db.raw<{ rows: { id: number }[] }>(
        `update bills b set corrects_bill_id = c.id
           from json_to_recordset(?::json) as x(bill_id bigint, supplier_id bigint, number text)
           left join bills c on c.supplier_id = x.supplier_id and c.number = x.number
          where b.id = x.bill_id and b.corrects_bill_id is distinct from c.id
          returning b.id`,
        [JSON.stringify(part)],
      );
      for (const r of res.rows) out.push(r.id);
    }
    return out;
  }

  async mapAll(table: 'suppliers' | 'tariff_plans', db: Db | Tx = this.db): Promise<Map<string, number>> {
    const rows = await db(table).select<{ id: number; code: string }[]>('id', 'code');
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async customersByRef(
    refs: readonly string[],
    db: Db | Tx = this.db,
  ): Promise<Map<string, { id: number; kind: 'person' | 'organisation' }>> {
    const out = new Map<string, { id: number; kind: 'person' | 'organisation' }>();
    for (const part of chunks(refs)) {
      const rows = await db('customers')
        .whereIn('ref', part)
        .select<{ id: number; ref: string; kind: 'person' | 'organisation' }[]>('id', 'ref', 'kind');
      for (const r of rows) out.set(r.ref, { id: r.id, kind: r.kind });
    }
    return out;
  }

  async accountPins(
    keys: readonly { supplier_id: number; number: string }[],
    db: Db | Tx = this.db,
  ): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (const part of chunks(keys)) {
      const res = await db.raw<{ rows: { supplier_id: number; number: string; pin_hash: string | null }[] }>(
        `select a.supplier_id, a.number, a.pin_hash from accounts a
           join json_to_recordset(?::json) as x(supplier_id bigint, number text) on a.supplier_id = x.supplier_id and a.number = x.number`,
        [JSON.stringify(part)],
      );
      for (const r of res.rows) out.set(`${r.supplier_id}|${r.number}`, r.pin_hash);
    }
    return out;
  }

  async billIds(
    keys: readonly { supplier_id: number; number: string }[],
    db: Db | Tx = this.db,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(keys)) {
      const res = await db.raw<{ rows: { id: number; supplier_id: number; number: string }[] }>(
        `select b.id, b.supplier_id, b.number from bills b
           join json_to_recordset(?::json) as x(supplier_id bigint, number text) on b.supplier_id = x.supplier_id and b.number = x.number`,
        [JSON.stringify(part)],
      );
      for (const r of res.rows) out.set(`${r.supplier_id}|${r.number}`, r.id);
    }
    return out;
  }

  async dueDayRules(
    db: Db | Tx = this.db,
  ): Promise<{ customer_kind: string; from_period: string; due_day: number }[]> {
    return db('due_day_rules').select('customer_kind', 'from_period', 'due_day').orderBy('from_period');
  }

  async usersByLogin(
    logins: readonly string[],
    db: Db | Tx = this.db,
  ): Promise<Map<string, { id: number; password_hash: string | null }>> {
    const out = new Map<string, { id: number; password_hash: string | null }>();
    if (logins.length === 0) return out;
    const rows = await db('users')
      .whereIn(
        db.raw('lower(login)') as unknown as string,
        logins.map((l) => l.toLowerCase()),
      )
      .select<{ id: number; login: string; password_hash: string | null }[]>('id', 'login', 'password_hash');
    for (const r of rows) out.set(r.login.toLowerCase(), { id: r.id, password_hash: r.password_hash });
    return out;
  }

  /** Accounts by number with their supplier code and customer kind. */
  /** Accounts by number with their holder's kind, and the phone and names on record (a user's phone comes from there). */
  async accountsByNumber(numbers: readonly string[], db: Db | Tx = this.db): Promise<AccountHolder[]> {
    const out: AccountHolder[] = [];
    for (const part of chunks(numbers)) {
      out.push(
        ...(await db('accounts as a')
          .join('suppliers as s', 's.id', 'a.supplier_id')
          .join('customers as c', 'c.id', 'a.customer_id')
          .whereIn('a.number', part)
          .select(
            'a.id',
            'a.number',
            's.code as supplier',
            'c.kind',
            'c.phone',
            'c.last_name as lastName',
            'c.first_name as firstName',
          )),
      );
    }
    return out;
  }

  // ---- lookups of validation (pass 1)

  /** The suppliers (id and code) that charge VAT: a small table, read whole. */
  chargingVat(db: Db | Tx = this.db): Promise<{ id: number; code: string }[]> {
    return db('suppliers').where({ charges_vat: true }).select('id', 'code');
  }

  async supplierCodes(codes: readonly string[], db: Db | Tx = this.db): Promise<string[]> {
    if (codes.length === 0) return [];
    return (await db('suppliers').whereIn('code', codes).pluck('code')) as string[];
  }

  async planSuppliers(codes: readonly string[], db: Db | Tx = this.db): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await db('tariff_plans as t')
      .join('suppliers as s', 's.id', 't.supplier_id')
      .whereIn('t.code', codes)
      .select<{ code: string; supplier: string }[]>('t.code', 's.code as supplier');
    return new Map(rows.map((r) => [r.code, r.supplier]));
  }

  async customerRefs(refs: readonly string[], db: Db | Tx = this.db): Promise<string[]> {
    const out: string[] = [];
    for (const part of chunks(refs))
      out.push(...((await db('customers').whereIn('ref', part).pluck('ref')) as string[]));
    return out;
  }

  async partnerCodeOwners(
    codes: readonly string[],
    db: Db | Tx = this.db,
  ): Promise<{ partner_code: string; ref: string }[]> {
    const out: { partner_code: string; ref: string }[] = [];
    for (const part of chunks(codes))
      out.push(...(await db('customers').whereIn('partner_code', part).select('partner_code', 'ref')));
    return out;
  }

  async accountSuppliers(numbers: readonly string[], db: Db | Tx = this.db): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const a of await this.accountsByNumber(numbers, db))
      out.set(a.number, [...(out.get(a.number) ?? []), a.supplier]);
    return out;
  }

  async userEmails(
    emails: readonly string[],
    db: Db | Tx = this.db,
  ): Promise<{ login: string; email: string }[]> {
    const out: { login: string; email: string }[] = [];
    for (const part of chunks(emails)) {
      out.push(
        ...(await db('users')
          .whereIn(db.raw('lower(email)') as unknown as string, part)
          .select('login', 'email')),
      );
    }
    return out;
  }

  async meterOwners(serials: readonly string[], db: Db | Tx = this.db): Promise<Owner[]> {
    const out: Owner[] = [];
    for (const part of chunks(serials)) {
      out.push(
        ...(await db('meters as m')
          .join('accounts as a', 'a.id', 'm.account_id')
          .join('suppliers as s', 's.id', 'a.supplier_id')
          .whereIn('m.serial', part)
          .select('m.serial as key', 'a.number as account_number', 's.code as account_supplier')),
      );
    }
    return out;
  }

  async paymentOwners(refs: readonly string[], db: Db | Tx = this.db): Promise<Owner[]> {
    const out: Owner[] = [];
    for (const part of chunks(refs)) {
      out.push(
        ...(await db('payments as p')
          .join('accounts as a', 'a.id', 'p.account_id')
          .join('suppliers as s', 's.id', 'a.supplier_id')
          .whereIn('p.ref', part)
          .select('p.ref as key', 'a.number as account_number', 's.code as account_supplier')),
      );
    }
    return out;
  }

  /** Owners of bills named by (supplier code, number); key = supplier + U+0001 + number. */
  async billOwners(
    keys: readonly { supplier: string; number: string }[],
    db: Db | Tx = this.db,
  ): Promise<Owner[]> {
    const out: Owner[] = [];
    for (const part of chunks(keys)) {
      const res = await db.raw<{ rows: Owner[] }>(
        `select bs.code || chr(1) || b.number as key, a.number as account_number, s.code as account_supplier
           from json_to_recordset(?::json) as x(supplier text, number text)
           join suppliers bs on bs.code = x.supplier
           join bills b on b.supplier_id = bs.id and b.number = x.number
           join accounts a on a.id = b.account_id
           join suppliers s on s.id = a.supplier_id`,
        [JSON.stringify(part)],
      );
      out.push(...res.rows);
    }
    return out;
  }
}
