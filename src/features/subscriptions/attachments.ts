// Renders a mail's bill PDF when the outbox worker sends it: the same document its recipient downloads from the cabinet.
import type { Clock } from '../../platform/clock.js';
import type { AttachmentResolver } from '../../platform/outbox/worker.js';
import type { LinkedAccount } from '../../domain/identity.js';
import type { DocumentsService } from '../documents/service.js';

export function billPdfAttachments(deps: {
  linkedAccounts: (userId: number) => Promise<LinkedAccount[]>;
  documents: Pick<DocumentsService, 'receiptsPdf' | 'businessPdf'>;
  clock: Clock;
}): AttachmentResolver {
  return async (ref) => {
    // the recipient's own link to the account, as on the page: someone unlinked since gets nothing
    const account = (await deps.linkedAccounts(ref.userId)).find((a) => a.id === ref.accountId);
    if (!account) throw new Error(`user ${ref.userId} is no longer linked to account ${ref.accountId}`);
    const file =
      account.customer_kind === 'organisation'
        ? await deps.documents.businessPdf(account, ref.billId)
        : await deps.documents.receiptsPdf(
            account,
            [ref.billId],
            deps.clock.today(account.supplier_time_zone),
          );
    if (!file) throw new Error(`bill ${ref.billId} is not on account ${ref.accountId}`);
    return { filename: file.fileName, content: file.data, contentType: 'application/pdf' };
  };
}
