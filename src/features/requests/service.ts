// Requests (обращения): a customer asks with files and replies in the thread; staff take, answer
// (the answer is e-mailed through the outbox) and close. Every staff step is audited.
import type { Db } from '../../db/knex.js';
import type { AuditLog, Actor } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { OutboxRepo } from '../../platform/outbox/repo.js';
import type { CheckedFile } from '../../platform/uploads.js';
import type { FieldError } from '../../platform/errors.js';
import type { UserRow } from '../../domain/identity.js';
import { paths } from '../../paths.js';
import { formatDateTime } from '../../domain/format.js';
import {
  OPEN_STATUSES,
  type RequestsRepo,
  type RequestRow,
  type RequestStatus,
  type AccountChoice,
  type QueueFilter,
} from './repo.js';
import type { NewRequestInput } from './schemas.js';

export const STATUS_TEXT: Record<RequestStatus, string> = {
  new: 'новое',
  in_progress: 'в работе',
  answered: 'ответ дан',
  closed: 'закрыто',
};

const SIGNATURE =
  '\n\n—\nЛичный кабинет клиента. Это письмо отправлено автоматически, отвечать на него не нужно.';

/** A request is shown to its author and to staff only; anyone else gets what a missing one gives. */
const mayRead = (user: Pick<UserRow, 'id' | 'role'>, r: Pick<RequestRow, 'user_id'>) =>
  user.role !== 'customer' || r.user_id === user.id;

export type StaffStep = { ok: true } | { ok: false; text: string };

export class RequestsService {
  constructor(
    private readonly deps: {
      db: Db;
      repo: RequestsRepo;
      audit: AuditLog;
      outbox: OutboxRepo;
      clock: Clock;
      publicUrl: string;
    },
  ) {}

  private get repo() {
    return this.deps.repo;
  }

  topics(activeOnly = true) {
    return this.repo.topics(activeOnly);
  }

  suppliers() {
    return this.repo.suppliers();
  }

  choices(userId: number): Promise<AccountChoice[]> {
    return this.repo.choicesFor(userId);
  }

  /**
   * Files a request. The account must be the customer's, the supplier one that serves it and the
   * topic an active one; otherwise the refusals come back beside their fields and nothing is stored.
   */
  async create(
    user: Pick<UserRow, 'id'>,
    input: NewRequestInput,
    files: readonly CheckedFile[],
    actor: Omit<Actor, 'actorId'>,
  ): Promise<{ ok: true; id: number } | { ok: false; errors: FieldError[] }> {
    const choices = await this.repo.choicesFor(user.id);
    const forAccount = choices.filter((c) => c.number === input.account_number);
    const errors: FieldError[] = [];
    if (forAccount.length === 0)
      errors.push({ field: 'account_number', text: 'Выберите лицевой счёт из списка' });
    const choice = forAccount.find((c) => c.supplier_id === input.supplier);
    if (forAccount.length > 0 && !choice)
      errors.push({ field: 'supplier', text: 'Этот поставщик не обслуживает выбранный лицевой счёт' });
    const topic = await this.repo.topic(input.topic);
    if (!topic || !topic.active) errors.push({ field: 'topic', text: 'Выберите тему из списка' });
    if (errors.length || !choice || !topic) return { ok: false, errors };
    const now = this.deps.clock.now();
    const id = await this.deps.db.transaction(async (tx) => {
      const id = await this.repo.create(
        {
          user_id: user.id,
          account_id: choice.account_id,
          supplier_id: choice.supplier_id,
          topic_id: topic.id,
          topic: topic.name,
          text: input.text,
          created_at: now,
        },
        tx,
      );
      for (const f of files)
        await this.repo.addAttachment(
          { request_id: id, file_name: f.name, content_type: f.contentType, data: f.data },
          tx,
        );
      await this.deps.audit.record(
        {
          actorId: user.id,
          action: 'request.created',
          targetType: 'request',
          targetId: id,
          details: { files: files.length },
          ...actor,
        },
        tx,
      );
      return id;
    });
    return { ok: true, id };
  }

  listFor(userId: number, from: string, to: string) {
    return this.repo.listForUser(userId, from, to);
  }

  recentFor(userId: number, limit = 10) {
    return this.repo.recentForUser(userId, limit);
  }

  /** The request with its thread and files, if this person may read it. */
  async thread(user: Pick<UserRow, 'id' | 'role'>, id: number) {
    const request = await this.repo.byId(id);
    if (!request || !mayRead(user, request)) return undefined;
    const [messages, attachments] = await Promise.all([this.repo.messages(id), this.repo.attachments(id)]);
    return { request, messages, attachments };
  }

  /** A file of a request, for its author or staff. */
  async file(user: Pick<UserRow, 'id' | 'role'>, requestId: number, fileId: number) {
    const request = await this.repo.byId(requestId);
    if (!request || !mayRead(user, request)) return undefined;
    return this.repo.attachment(requestId, fileId);
  }

  /** The customer writes again: an answered request goes back to work; a closed one takes nothing. */
  async reply(
    user: Pick<UserRow, 'id'>,
    id: number,
    text: string,
    actor: Omit<Actor, 'actorId'>,
  ): Promise<StaffStep> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (tx) => {
      const r = await this.repo.lock(id, tx);
      if (!r || r.user_id !== user.id) return { ok: false, text: 'not-found' };
      if (r.status === 'closed')
        return { ok: false, text: 'Обращение закрыто: если вопрос остался, создайте новое обращение' };
      await this.repo.addMessage(
        { request_id: id, author_id: user.id, from_staff: false, body: text, created_at: now },
        tx,
      );
      await this.repo.update(
        id,
        { status: r.status === 'answered' ? 'in_progress' : r.status, updated_at: now },
        tx,
      );
      await this.deps.audit.record(
        { actorId: user.id, action: 'request.replied', targetType: 'request', targetId: id, ...actor },
        tx,
      );
      return { ok: true };
    });
  }

  // ---- staff ------------------------------------------------------------------------------------

  queue(filter: QueueFilter) {
    return this.repo.queue(filter);
  }

  async take(actor: Actor, id: number): Promise<StaffStep> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (tx) => {
      const r = await this.repo.lock(id, tx);
      if (!r) return { ok: false, text: 'not-found' };
      if (r.status === 'closed') return { ok: false, text: 'Обращение уже закрыто' };
      await this.repo.update(
        id,
        {
          status: r.status === 'new' ? 'in_progress' : r.status,
          taken_by: actor.actorId,
          taken_at: now,
          updated_at: now,
        },
        tx,
      );
      await this.deps.audit.record(
        {
          ...actor,
          action: 'support.request_taken',
          targetType: 'request',
          targetId: id,
          details: { customer: r.user_id },
        },
        tx,
      );
      return { ok: true };
    });
  }

  /** The answer goes into the thread, the request becomes "ответ дан", and the author gets an e-mail. */
  async answer(actor: Actor, id: number, text: string): Promise<StaffStep> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (tx) => {
      const r = await this.repo.lock(id, tx);
      if (!r) return { ok: false, text: 'not-found' };
      if (r.status === 'closed') return { ok: false, text: 'Обращение закрыто: ответить на него нельзя' };
      await this.repo.addMessage(
        { request_id: id, author_id: actor.actorId, from_staff: true, body: text, created_at: now },
        tx,
      );
      await this.repo.update(
        id,
        {
          status: 'answered',
          answer: text,
          answered_by: actor.actorId,
          answered_at: now,
          taken_by: actor.actorId,
          taken_at: now,
          updated_at: now,
        },
        tx,
      );
      const full = await this.repo.byId(id, tx);
      if (full?.author_email)
        await this.deps.outbox.enqueue(
          {
            channel: 'email',
            recipient: full.author_email,
            kind: 'request_answered',
            subject: `Ответ на обращение № ${id}`,
            body:
              `Здравствуйте!\n\nНа ваше обращение № ${id} от ${formatDateTime(full.created_at)} ` +
              `(тема «${full.topic}») дан ответ:\n\n${text}\n\n` +
              `Обращение в личном кабинете: ${this.deps.publicUrl}${paths.request(id)}${SIGNATURE}`,
          },
          tx,
        );
      await this.deps.audit.record(
        {
          ...actor,
          action: 'support.request_answered',
          targetType: 'request',
          targetId: id,
          details: { customer: r.user_id },
        },
        tx,
      );
      return { ok: true };
    });
  }

  async close(actor: Actor, id: number): Promise<StaffStep> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (tx) => {
      const r = await this.repo.lock(id, tx);
      if (!r) return { ok: false, text: 'not-found' };
      if (r.status === 'closed') return { ok: false, text: 'Обращение уже закрыто' };
      await this.repo.update(id, { status: 'closed', closed_at: now, updated_at: now }, tx);
      await this.deps.audit.record(
        {
          ...actor,
          action: 'support.request_closed',
          targetType: 'request',
          targetId: id,
          details: { customer: r.user_id },
        },
        tx,
      );
      return { ok: true };
    });
  }

  async addTopic(actor: Actor, name: string): Promise<StaffStep> {
    if (await this.repo.topicNameTaken(name)) return { ok: false, text: 'Такая тема уже есть' };
    return this.deps.db.transaction(async (tx) => {
      const id = await this.repo.addTopic(name, tx);
      await this.deps.audit.record(
        {
          ...actor,
          action: 'support.topic_added',
          targetType: 'request_topic',
          targetId: id,
          details: { name },
        },
        tx,
      );
      return { ok: true };
    });
  }

  async updateTopic(actor: Actor, id: number, patch: { name: string; active: boolean }): Promise<StaffStep> {
    if (!(await this.repo.topic(id))) return { ok: false, text: 'not-found' };
    if (await this.repo.topicNameTaken(patch.name, id)) return { ok: false, text: 'Такая тема уже есть' };
    return this.deps.db.transaction(async (tx) => {
      await this.repo.updateTopic(id, patch, tx);
      await this.deps.audit.record(
        {
          ...actor,
          action: 'support.topic_changed',
          targetType: 'request_topic',
          targetId: id,
          details: patch,
        },
        tx,
      );
      return { ok: true };
    });
  }
}

export { OPEN_STATUSES };
