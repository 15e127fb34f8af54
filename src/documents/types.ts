// The plain inputs of the document layouts: every figure arrives computed (kopecks, stored decimals), the layouts only print.

/** A party of a document: supplier (with the bank details payments go to) or customer. */
export interface Party {
  name: string;
  inn?: string | null;
  kpp?: string | null;
  address?: string | null;
  phone?: string | null;
  bankName?: string | null;
  bic?: string | null;
  /** Расчётный счёт. */
  account?: string | null;
  /** Корреспондентский счёт. */
  corrAccount?: string | null;
}

/** Bank details in one line: "р/с … в …, БИК …, к/с …". */
export function bankLine(p: Party): string {
  const parts: string[] = [];
  if (p.account) parts.push(`р/с ${p.account}${p.bankName ? ` в ${p.bankName}` : ''}`);
  else if (p.bankName) parts.push(p.bankName);
  if (p.bic) parts.push(`БИК ${p.bic}`);
  if (p.corrAccount) parts.push(`к/с ${p.corrAccount}`);
  return parts.join(', ');
}

export function innKpp(p: Party): string {
  return [p.inn ? `ИНН ${p.inn}` : '', p.kpp ? `КПП ${p.kpp}` : ''].filter(Boolean).join(', ');
}
