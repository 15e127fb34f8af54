// The import's tables as the upserts see them: natural keys, typed columns and what an update may change.
import type { TableSpec } from './repo.js';

export const KINDS = [
  'suppliers', 'key_rates', 'tariff_plans', 'tariff_rates', 'customers', 'accounts', 'contracts', 'services',
  'contract_values', 'meters', 'meter_registers', 'readings', 'bills', 'payments', 'users', 'user_accounts',
] as const;
export type Kind = (typeof KINDS)[number];

export interface KindCount {
  created: number;
  updated: number;
  unchanged: number;
}

export const T = {
  suppliers: {
    table: 'suppliers', conflict: '(code)', key: ['code'], touch: true,
    cols: [['code', 'text'], ['name', 'text'], ['short_name', 'text'], ['inn', 'text'], ['kpp', 'text'], ['address', 'text'], ['phone', 'text'], ['email', 'text'], ['website', 'text'], ['bank_name', 'text'], ['bank_bic', 'text'], ['bank_account', 'text'], ['bank_corr_account', 'text'], ['time_zone', 'text'], ['reading_window_from', 'smallint'], ['reading_window_to', 'smallint'], ['avg_window_months', 'smallint'], ['avg_min_months', 'smallint'], ['avg_max_periods', 'smallint']],
    update: ['name', 'short_name', 'inn', 'kpp', 'address', 'phone', 'email', 'website', 'bank_name', 'bank_bic', 'bank_account', 'bank_corr_account', 'time_zone', 'reading_window_from', 'reading_window_to', 'avg_window_months', 'avg_min_months', 'avg_max_periods'],
  },
  key_rates: { table: 'key_rates', conflict: '(valid_from)', key: ['valid_from'], touch: false, cols: [['valid_from', 'date'], ['percent', 'numeric']], update: ['percent'] },
  tariff_plans: {
    table: 'tariff_plans', conflict: '(code)', key: ['code'], touch: true,
    cols: [['code', 'text'], ['supplier_id', 'bigint'], ['name', 'text'], ['service_kind', 'text'], ['unit', 'text'], ['vat_percent', 'numeric']],
    update: ['supplier_id', 'name', 'service_kind', 'unit', 'vat_percent'],
  },
  tariff_rates: {
    table: 'tariff_rates', conflict: '(tariff_plan_id, valid_from, zone, tier)', key: ['tariff_plan_id', 'valid_from', 'zone', 'tier'], touch: false,
    cols: [['tariff_plan_id', 'bigint'], ['valid_from', 'date'], ['zone', 'text'], ['tier', 'smallint'], ['tier_limit', 'numeric'], ['price', 'numeric']],
    update: ['tier_limit', 'price'],
  },
  customers: {
    table: 'customers', conflict: '(ref)', key: ['ref'], touch: true,
    cols: [['ref', 'text'], ['kind', 'text'], ['last_name', 'text'], ['first_name', 'text'], ['middle_name', 'text'], ['birth_date', 'date'], ['gender', 'text'], ['passport', 'text'], ['name', 'text'], ['inn', 'text'], ['kpp', 'text'], ['partner_code', 'text'], ['address', 'text'], ['phone', 'text'], ['email', 'text']],
    update: ['kind', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'passport', 'name', 'inn', 'kpp', 'partner_code', 'address', 'phone', 'email'],
  },
  accounts: {
    table: 'accounts', conflict: '(supplier_id, number)', key: ['supplier_id', 'number'], touch: true,
    cols: [['number', 'text'], ['supplier_id', 'bigint'], ['customer_id', 'bigint'], ['address', 'text'], ['area', 'numeric'], ['heated_area', 'numeric'], ['residents', 'smallint'], ['registered_residents', 'smallint'], ['bind_code', 'text'], ['pin_hash', 'text'], ['opening_balance_date', 'date'], ['opening_balance_kop', 'bigint']],
    update: ['customer_id', 'address', 'area', 'heated_area', 'residents', 'registered_residents', 'bind_code', 'pin_hash', 'opening_balance_date', 'opening_balance_kop'],
    keepIfNull: ['pin_hash'],
  },
  contracts: {
    table: 'contracts', conflict: '(account_id, number)', key: ['account_id', 'number'], touch: true,
    cols: [['account_id', 'bigint'], ['number', 'text'], ['date', 'date'], ['valid_from', 'date'], ['valid_to', 'date'], ['subject', 'text'], ['branch', 'text']],
    update: ['date', 'valid_from', 'valid_to', 'subject', 'branch'],
  },
  services: {
    table: 'services', conflict: '(account_id, code)', key: ['account_id', 'code'], touch: true,
    cols: [['account_id', 'bigint'], ['contract_id', 'bigint'], ['supplier_id', 'bigint'], ['code', 'text'], ['kind', 'text'], ['name', 'text'], ['unit', 'text'], ['method', 'text'], ['zones', 'text[]'], ['tariff_plan_id', 'bigint'], ['norm', 'numeric'], ['norm_name', 'text'], ['active_from', 'date'], ['active_to', 'date']],
    update: ['contract_id', 'supplier_id', 'kind', 'name', 'unit', 'method', 'zones', 'tariff_plan_id', 'norm', 'norm_name', 'active_from', 'active_to'],
  },
  contract_values: {
    table: 'contract_values', conflict: '(service_id, month)', key: ['service_id', 'month'], touch: false,
    cols: [['service_id', 'bigint'], ['month', 'date'], ['volume', 'numeric']], update: ['volume'],
  },
  meters: {
    table: 'meters', conflict: '(serial)', key: ['serial'], touch: true,
    cols: [['account_id', 'bigint'], ['service_id', 'bigint'], ['serial', 'text'], ['model', 'text'], ['installed', 'date'], ['verification_due', 'date'], ['removed', 'date'], ['digits', 'smallint'], ['decimals', 'smallint'], ['ratio', 'numeric'], ['point', 'text']],
    update: ['account_id', 'service_id', 'model', 'installed', 'verification_due', 'removed', 'digits', 'decimals', 'ratio', 'point'],
  },
  meter_registers: {
    table: 'meter_registers', conflict: '(meter_id, zone)', key: ['meter_id', 'zone'], touch: false,
    cols: [['meter_id', 'bigint'], ['zone', 'text'], ['label', 'text']], update: ['label'],
  },
  readings: {
    table: 'readings', conflict: '(register_id, date, source)', key: ['register_id', 'date', 'source'], touch: true,
    cols: [['register_id', 'bigint'], ['date', 'date'], ['value', 'numeric'], ['source', 'text'], ['status', 'text'], ['rollover', 'boolean'], ['billed_period', 'date']],
    update: ['value', 'status', 'rollover', 'billed_period'],
  },
  bills: {
    table: 'bills', conflict: '(supplier_id, number)', key: ['supplier_id', 'number'], touch: false,
    cols: [['account_id', 'bigint'], ['supplier_id', 'bigint'], ['contract_id', 'bigint'], ['number', 'text'], ['date', 'date'], ['period', 'date'], ['type', 'text'], ['due_date', 'date']],
    update: ['account_id', 'contract_id', 'date', 'period', 'type', 'due_date'],
  },
  payments: {
    table: 'payments', conflict: '(ref)', key: ['ref'], touch: false,
    cols: [['account_id', 'bigint'], ['ref', 'text'], ['date', 'date'], ['amount_kop', 'bigint'], ['place', 'text'], ['channel', 'text']],
    update: ['account_id', 'date', 'amount_kop', 'place', 'channel'],
  },
  users: {
    table: 'users', conflict: '((lower(login)))', key: ['login'], touch: true,
    cols: [['login', 'text'], ['email', 'text'], ['phone', 'text'], ['password_hash', 'text'], ['last_name', 'text'], ['first_name', 'text'], ['middle_name', 'text'], ['role', 'text'], ['customer_kind', 'text'], ['status', 'text'], ['must_change_password', 'boolean'], ['email_verified_at', 'timestamptz']],
    update: ['login', 'email', 'phone', 'password_hash', 'last_name', 'first_name', 'middle_name', 'role', 'customer_kind', 'status', 'must_change_password'],
    keepIfNull: ['password_hash'],
  },
  user_accounts: {
    table: 'user_accounts', conflict: '(user_id, account_id)', key: ['user_id', 'account_id'], touch: false,
    cols: [['user_id', 'bigint'], ['account_id', 'bigint'], ['relation', 'text'], ['visible', 'boolean']], update: ['relation', 'visible'],
  },
} satisfies Record<Kind, TableSpec>;

export const LINE_COLS = [
  ['bill_id', 'bigint'], ['position', 'smallint'], ['service_id', 'bigint'], ['supplier_id', 'bigint'], ['zone', 'text'], ['tier', 'smallint'],
  ['description', 'text'], ['unit', 'text'], ['method', 'text'], ['quantity', 'numeric'], ['tariff', 'numeric'], ['charged_kop', 'bigint'],
  ['vat_kop', 'bigint'], ['benefit_kop', 'bigint'], ['adjustment_kop', 'bigint'], ['penalty_kop', 'bigint'], ['meter_id', 'bigint'],
  ['reading_prev', 'numeric'], ['reading_curr', 'numeric'],
] as const;
export const ALLOCATION_COLS = [['payment_id', 'bigint'], ['contract_id', 'bigint'], ['supplier_id', 'bigint'], ['bill_id', 'bigint'], ['amount_kop', 'bigint']] as const;
