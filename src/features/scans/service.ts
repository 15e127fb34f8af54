// Signed scans beside an account's documents (issue #20, seed 003): staff attach, replace and remove
// them, each step one transaction with its audit row; the customer reads them on Документы, the
// act and the document's page. An act is generated on demand, so its scan is named by the period
// it was signed for (docs/documents.md).
import type { Db } from '../../db/knex.js';
import type { AuditLog, Actor } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { CheckedFile, FileLimits } from '../../platform/uploads.js';
import type { FieldError } from '../../platform/errors.js';
import { isUniqueViolation } from '../../platform/errors.js';
import { formatDate } from '../../domain/format.js';
import { BILL_TYPE_LABEL, billTypeLabel } from '../../platform/labels.js';
import type { AccountDocument, ScanAccount, ScanFile, ScanMeta, ScansRepo, ScanTarget } from './repo.js';

export const SCAN_MAX_BYTES = 10 * 1024 * 1024;

/** One file a form, up to 10 MB (the column's check says the same). */
export const SCAN_LIMITS: FileLimits = {
  maxFiles: 1,
  maxBytes: SCAN_MAX_BYTES,
  fields: 5,
  tooLarge: `Файл больше ${SCAN_MAX_BYTES / 1024 / 1024} МБ: отсканируйте документ с меньшим разрешением или в оттенках серого`,
  tooMany: 'Приложите один файл: скан документа целиком, все страницы в одном PDF',
};
export const SCAN_TYPES = ['pdf', 'jpg', 'png'] as const;
export const SCAN_TYPES_TEXT = 'PDF, JPG или PNG';

/** How far back the staff form lists documents to attach a scan to. */
export const DOCUMENT_YEARS = 3;

/** "Счёт-фактура № 12 от 31.10.2026", "Акт сверки с 01.01.2026 по 31.03.2026": what a scan is for. */
export function scanTitle(
  s: Pick<ScanMeta, 'bill_number' | 'bill_date' | 'bill_type' | 'act_from' | 'act_to'>,
  customerKind: 'person' | 'organisation',
): string {
  if (s.act_from && s.act_to) return `Акт сверки с ${formatDate(s.act_from)} по ${formatDate(s.act_to)}`;
  const type = s.bill_type ? billTypeLabel(s.bill_type, customerKind) : 'Документ';
  return `${type} № ${s.bill_number} от ${formatDate(s.bill_date!)}`;
}

export function documentTitle(d: AccountDocument, customerKind: 'person' | 'organisation'): string {
  return `${billTypeLabel(d.type, customerKind) || BILL_TYPE_LABEL[d.type]} № ${d.number} от ${formatDate(d.date)}`;
}

/** The scans the customer's pages show beside a period's documents. */
export interface ScansForPeriod {
  /** By bill id. */
  bills: Map<number, ScanMeta>;
  /** Acts whose period overlaps the shown one, the latest first. */
  acts: ScanMeta[];
}

export type AttachResult =
  { ok: true; id: number; replaced: boolean; title: string } | { ok: false; errors: FieldError[] };

const targetDetails = (t: ScanTarget) =>
  'billId' in t ? { bill: t.billId } : { act_from: t.actFrom, act_to: t.actTo };

export class ScansService {
  constructor(private readonly deps: { db: Db; repo: ScansRepo; audit: AuditLog; clock: Clock }) {}

  private get repo() {
    return this.deps.repo;
  }

  account(id: number): Promise<ScanAccount | undefined> {
    return this.repo.account(id);
  }

  logins(accountId: number) {
    return this.repo.logins(accountId);
  }

  list(accountId: number): Promise<ScanMeta[]> {
    return this.repo.list(accountId);
  }

  /** The documents of the last DOCUMENT_YEARS years, as the staff form offers them. */
  documents(accountId: number, today: string): Promise<AccountDocument[]> {
    const since = `${Number(today.slice(0, 4)) - DOCUMENT_YEARS}${today.slice(4)}`;
    return this.repo.documents(accountId, since);
  }

  /** Scans of these bills and of the acts overlapping [from, to], for the customer's pages. */
  async forPeriod(
    accountId: number,
    billIds: readonly number[],
    from: string,
    to: string,
  ): Promise<ScansForPeriod> {
    const [bills, acts] = await Promise.all([
      this.repo.forBills(accountId, billIds),
      this.repo.acts(accountId, from, to),
    ]);
    return { bills: new Map(bills.map((s) => [s.bill_id!, s])), acts };
  }

  async forBill(accountId: number, billId: number): Promise<ScanMeta | undefined> {
    const [scan] = await this.repo.forBills(accountId, [billId]);
    return scan;
  }

  /** A scan of the account with its bytes; another account's answers as a missing one. */
  file(accountId: number, scanId: number): Promise<ScanFile | undefined> {
    return this.repo.file(accountId, scanId);
  }

  /** Staff open a customer's scan: the download is audited like opening a request's file. */
  async staffFile(accountId: number, scanId: number, actor: Actor): Promise<ScanFile | undefined> {
    const file = await this.repo.file(accountId, scanId);
    if (file)
      await this.deps.audit.record({
        ...actor,
        action: 'document_scan.downloaded',
        targetType: 'account',
        targetId: accountId,
        details: { scan: scanId, file: file.file_name },
      });
    return file;
  }

  /**
   * Attaches the scan to the target, replacing the one already there (same id, so the customer's
   * link stays). A bill must be this account's; otherwise the refusal comes back beside the field.
   */
  async attach(
    account: Pick<ScanAccount, 'id' | 'customer_kind'>,
    target: ScanTarget,
    file: CheckedFile,
    actor: Actor,
  ): Promise<AttachResult> {
    let title: string;
    if ('billId' in target) {
      const doc = await this.repo.document(account.id, target.billId);
      if (!doc) return { ok: false, errors: [{ field: 'target', text: 'Выберите документ из списка' }] };
      title = documentTitle(doc, account.customer_kind);
    } else
      title = scanTitle(
        {
          bill_number: null,
          bill_date: null,
          bill_type: null,
          act_from: target.actFrom,
          act_to: target.actTo,
        },
        account.customer_kind,
      );
    const now = this.deps.clock.now();
    const content = {
      file_name: file.name,
      content_type: file.contentType,
      size: file.size,
      data: file.data,
      uploaded_by: actor.actorId,
      uploaded_at: now,
    };
    try {
      return await this.deps.db.transaction(async (tx) => {
        const existing = await this.repo.forTarget(account.id, target, tx);
        let id: number;
        if (existing) {
          id = existing.id;
          await this.repo.replace(id, content, tx);
        } else
          id = await this.repo.insert(
            {
              account_id: account.id,
              bill_id: 'billId' in target ? target.billId : null,
              act_from: 'actFrom' in target ? target.actFrom : null,
              act_to: 'actTo' in target ? target.actTo : null,
              ...content,
            },
            tx,
          );
        await this.deps.audit.record(
          {
            ...actor,
            action: existing ? 'document_scan.replaced' : 'document_scan.attached',
            targetType: 'account',
            targetId: account.id,
            details: {
              scan: id,
              ...targetDetails(target),
              file: file.name,
              size: file.size,
              ...(existing ? { previous_file: existing.file_name } : {}),
            },
          },
          tx,
        );
        return { ok: true as const, id, replaced: Boolean(existing), title };
      });
    } catch (err) {
      // another member of staff attached the first scan of the same document a moment earlier
      if (isUniqueViolation(err))
        return {
          ok: false,
          errors: [
            {
              field: 'file',
              text: 'К этому документу только что приложили скан: отправьте файл ещё раз, чтобы заменить его',
            },
          ],
        };
      throw err;
    }
  }

  /** Removes the account's scan with its audit row; false when there is none (404). */
  async remove(
    account: Pick<ScanAccount, 'id' | 'customer_kind'>,
    scanId: number,
    actor: Actor,
  ): Promise<string | undefined> {
    return this.deps.db.transaction(async (tx) => {
      const scan = await this.repo.meta(account.id, scanId, tx);
      // removed by someone else meanwhile: nothing to audit, the page answers as for a missing scan
      if (!scan || (await this.repo.remove(account.id, scanId, tx)) === 0) return undefined;
      await this.deps.audit.record(
        {
          ...actor,
          action: 'document_scan.removed',
          targetType: 'account',
          targetId: account.id,
          details: {
            scan: scanId,
            ...(scan.bill_id ? { bill: scan.bill_id } : { act_from: scan.act_from, act_to: scan.act_to }),
            file: scan.file_name,
          },
        },
        tx,
      );
      return scanTitle(scan, account.customer_kind);
    });
  }
}
