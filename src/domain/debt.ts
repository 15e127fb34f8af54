// One import for the debt rules: due dates, allocation, balance, penalties, the business advance schedule and the reconciliation act.
export * from './dueDates.js';
export * from './allocation.js';
export * from './balance.js';
export * from './penalties.js';
export * from './advance.js';
export * from './reconciliation.js';
