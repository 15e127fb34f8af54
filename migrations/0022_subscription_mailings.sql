-- Subscriptions that do something (issue #20, seeds 001 and 003): "advance_bills" joins the kinds
-- (a company's advance bills, счета на предоплату, mailed when issued), and the outbox learns to
-- carry mail headers (List-Unsubscribe) and attachments.

alter table subscriptions drop constraint subscriptions_kind_check;
alter table subscriptions
  add constraint subscriptions_kind_check
  check (kind in ('bills_email', 'reading_reminder', 'debt_notice', 'advance_bills'));

-- Extra mail headers, {"List-Unsubscribe": "<https://…>", …}.
alter table outbox add column headers jsonb;

-- What to attach, by reference: [{"type": "bill_pdf", "billId": 1, "accountId": 2, "userId": 3}].
-- The worker renders each PDF when it sends the mail, so the billing run's transaction only
-- writes a row per mail (no PDF is rendered while accounts are being billed).
alter table outbox add column attachments jsonb;
