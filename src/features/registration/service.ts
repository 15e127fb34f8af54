// Registration: residential by e-mail with confirmation (seed 002), business by account + partner
// code (seed 003) or contract + INN + organisation + city, which names the supplier (seed 004).
import type { Db, Tx } from '../../db/knex.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { FieldError } from '../../platform/errors.js';
import type { UsersRepo, UserRow } from '../auth/repo.js';
import type { IdentityAccountsRepo } from '../auth/accountsRepo.js';
import type { TokensRepo, TokenState } from '../auth/tokens.js';
import type { OutboxRepo } from '../../platform/outbox/repo.js';
import type { Meta } from '../auth/service.js';
import { CONSENT_VERSIONS, type ConsentsRepo } from '../auth/consentsRepo.js';
import { messages } from '../outbox/messages.js';
import { hashPassword } from '../../platform/passwords.js';
import type { BusinessByAccount, BusinessByContract, ResidentialInput } from './schemas.js';
import { isUniqueViolation } from '../../platform/errors.js';
import { cityChoices, type CityChoice } from '../auth/cities.js';

export const CONFIRM_TTL_MS = 24 * 60 * 60 * 1000;

const normName = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»"'“”„]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

export type BusinessResult =
  { ok: true; user: UserRow; signedIn: boolean } | { ok: false; errors: FieldError[] };

export interface RegistrationDeps {
  db: Db;
  users: UsersRepo;
  accounts: IdentityAccountsRepo;
  tokens: TokensRepo;
  outbox: OutboxRepo;
  audit: AuditLog;
  clock: Clock;
  publicUrl: string;
  consents: ConsentsRepo;
}

export class RegistrationService {
  private readonly db: Db;
  private readonly users: UsersRepo;
  private readonly accounts: IdentityAccountsRepo;
  private readonly tokens: TokensRepo;
  private readonly outbox: OutboxRepo;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly publicUrl: string;
  private readonly consents: ConsentsRepo;

  constructor(deps: RegistrationDeps) {
    ({
      db: this.db,
      users: this.users,
      accounts: this.accounts,
      tokens: this.tokens,
      outbox: this.outbox,
      audit: this.audit,
      clock: this.clock,
      publicUrl: this.publicUrl,
      consents: this.consents,
    } = deps);
  }

  /**
   * Creates a pending user and mails the confirmation link. An address already registered gets a
   * different letter (or a fresh link, if it was never confirmed) and the page says the same thing,
   * so the form does not tell who is registered.
   */
  async registerResidential(input: ResidentialInput, meta: Meta): Promise<void> {
    const hash = await hashPassword(input.password);
    // parallel registrations with one address: the losers of the unique index are repeats
    await onceMoreIfRaced(() => this.residential(input, hash, meta));
  }

  private async residential(input: ResidentialInput, hash: string, meta: Meta): Promise<void> {
    await this.db.transaction(async (tx) => {
      const existing = await this.users.findByLogin(input.email, tx);
      if (existing) {
        if (existing.status === 'pending' && existing.email) {
          await this.sendConfirmation(existing.id, existing.email, tx);
        } else if (existing.email) {
          await this.outbox.enqueue(messages.alreadyRegistered(existing.email, this.publicUrl), tx);
        }
        await this.audit.record({ actorId: existing.id, action: 'registration.repeated', ...meta }, tx);
        return;
      }
      const user = await this.users.create(
        {
          login: input.email,
          email: input.email,
          phone: input.phone,
          password_hash: hash,
          last_name: input.last_name,
          first_name: input.first_name,
          middle_name: input.middle_name,
          birth_date: input.birth_date,
          gender: input.gender,
          customer_kind: 'person',
          status: 'pending',
          marketing_consent: input.marketing,
        },
        tx,
      );
      await this.recordConsents(user.id, input.marketing, tx);
      await this.sendConfirmation(user.id, input.email, tx);
      await this.audit.record(
        { actorId: user.id, action: 'registration.created', details: { kind: 'person' }, ...meta },
        tx,
      );
    });
  }

  private recordConsents(userId: number, marketing: boolean, tx: Tx): Promise<void> {
    const kinds = ['personal_data', 'user_agreement', ...(marketing ? ['marketing' as const] : [])] as const;
    return this.consents.give(
      userId,
      kinds.map((kind) => ({ kind, version: CONSENT_VERSIONS[kind] })),
      this.clock.now(),
      tx,
    );
  }

  private async sendConfirmation(userId: number, email: string, tx: Tx): Promise<void> {
    const token = await this.tokens.issue(
      userId,
      'confirm_email',
      CONFIRM_TTL_MS,
      this.clock.now(),
      { payload: { email } },
      tx,
    );
    await this.outbox.enqueue(messages.confirmRegistration(email, this.publicUrl, token), tx);
  }

  checkConfirmation(token: string): Promise<TokenState> {
    return this.tokens.find('confirm_email', token, this.clock.now());
  }

  /** Follows the link: the address is confirmed and a pending user may sign in. */
  async confirm(token: string, meta: Meta): Promise<UserRow | undefined> {
    return this.db.transaction(async (tx) => {
      const row = await this.tokens.consume('confirm_email', token, this.clock.now(), tx);
      if (!row) return undefined;
      const user = await this.users.findById(row.user_id, tx);
      if (!user || user.status === 'blocked') return undefined;
      // the link confirms the address it was sent to, not one changed since
      if (
        user.email &&
        row.payload.email &&
        String(row.payload.email).toLowerCase() !== user.email.toLowerCase()
      )
        return undefined;
      await this.users.update(user.id, { status: 'active', email_verified_at: this.clock.now() }, tx);
      await this.audit.record({ actorId: user.id, action: 'registration.confirmed', ...meta }, tx);
      return { ...user, status: 'active' as const };
    });
  }

  /** A fresh link for an unconfirmed registration (the old one stops working); silent otherwise. */
  async resend(email: string, meta: Meta): Promise<void> {
    await this.db.transaction(async (tx) => {
      const user = await this.users.findByLogin(email, tx);
      if (!user || !user.email || user.email.toLowerCase() !== email.toLowerCase()) return;
      if (user.status === 'pending' || (user.status === 'active' && !user.email_verified_at)) {
        await this.sendConfirmation(user.id, user.email, tx);
        await this.audit.record({ actorId: user.id, action: 'registration.resent', ...meta }, tx);
      }
    });
  }

  /**
   * Seed 003. The partner code is a secret the manager gives the organisation, so a match signs the
   * person in at once (to the profile); the e-mail is confirmed by a link. Every account of the
   * business partner is linked. The three refusals use the seed's exact words.
   */
  async registerByAccount(input: BusinessByAccount, meta: Meta): Promise<BusinessResult> {
    const errors: FieldError[] = [];
    const customer = await this.accounts.customerByPartnerCode(input.partner_code);
    const accounts = await this.accounts.byAccountNumber(input.account_number);
    if (!customer) errors.push({ field: 'partner_code', text: `Не найден код ДП ${input.partner_code}!` });
    if (accounts.length === 0)
      errors.push({ field: 'account_number', text: `Лицевой счет ${input.account_number} не найден!` });
    if (errors.length) {
      await this.audit.record({
        action: 'registration.business_refused',
        targetType: 'login',
        targetId: input.account_number.slice(0, 64),
        details: { method: 'account' },
        ...meta,
      });
      return { ok: false, errors };
    }
    const account = accounts.find((a) => a.customer_id === customer!.id);
    if (!account) {
      await this.audit.record({
        action: 'registration.business_refused',
        targetType: 'login',
        targetId: input.account_number.slice(0, 64),
        details: { method: 'account', mismatch: true },
        ...meta,
      });
      return {
        ok: false,
        errors: [
          {
            field: 'account_number',
            text: `Лицевой счет ${input.account_number} не соответствует коду ДП ${input.partner_code}!`,
          },
        ],
      };
    }
    const result = await this.createBusinessUser(
      {
        customerId: customer!.id,
        login: account.number,
        email: input.email,
        password: input.password,
        status: 'active',
        name: customer!.name,
      },
      undefined,
      meta,
    );
    if (!result.ok) return result;
    return { ok: true, user: result.user, signedIn: true };
  }

  /**
   * Seed 004. Contract number, INN and name are printed on many papers, so the e-mail must be
   * confirmed before the first sign-in. Accounts of that organisation at that supplier are linked.
   */
  async registerByContract(
    input: BusinessByContract & { supplierId: number },
    meta: Meta,
  ): Promise<BusinessResult> {
    const matches = await this.accounts.organisationContract(
      input.contract_number,
      input.inn,
      input.supplierId,
    );
    const match = matches.find((m) => normName(m.customer_name) === normName(input.org_name));
    if (!match) {
      await this.audit.record({
        action: 'registration.business_refused',
        targetType: 'login',
        targetId: input.contract_number.slice(0, 64),
        details: { method: 'contract' },
        ...meta,
      });
      return {
        ok: false,
        errors: [
          {
            field: 'contract_number',
            text: 'Договор с таким номером, ИНН и наименованием организации в выбранном городе не найден. Проверьте данные по договору и город',
          },
        ],
      };
    }
    const result = await this.createBusinessUser(
      {
        customerId: match.customer_id,
        login: input.contract_number,
        email: input.email,
        password: input.password,
        status: 'pending',
        name: match.customer_name,
      },
      input.supplierId,
      meta,
    );
    if (!result.ok) return result;
    return { ok: true, user: result.user, signedIn: false };
  }

  private async createBusinessUser(
    p: {
      customerId: number;
      login: string;
      email: string;
      password: string;
      status: 'active' | 'pending';
      name: string | null;
    },
    supplierId: number | undefined,
    meta: Meta,
  ): Promise<{ ok: true; user: UserRow } | { ok: false; errors: FieldError[] }> {
    const hash = await hashPassword(p.password);
    // a parallel registration that won the unique index is found by the checks on the second run
    return onceMoreIfRaced(() =>
      this.db.transaction(async (tx) => {
        if (await this.accounts.customerHasCabinet(p.customerId, tx)) {
          return {
            ok: false as const,
            errors: [
              {
                field: 'form',
                text: 'Для этой организации личный кабинет уже зарегистрирован. Войдите или восстановите пароль',
              },
            ],
          };
        }
        if (await this.users.loginTaken(p.email, undefined, tx)) {
          return {
            ok: false as const,
            errors: [
              {
                field: 'email',
                text: 'Этот e-mail уже используется в личном кабинете. Укажите другой или восстановите пароль',
              },
            ],
          };
        }
        // the login is the number by default (seed 003); one already taken falls back to the e-mail
        const login = (await this.users.loginTaken(p.login, undefined, tx)) ? p.email : p.login;
        const user = await this.users.create(
          {
            login,
            email: p.email,
            password_hash: hash,
            first_name: p.name,
            customer_kind: 'organisation',
            status: p.status,
          },
          tx,
        );
        for (const a of await this.accounts.accountsOfCustomer(p.customerId, supplierId, tx))
          await this.users.link(user.id, a.id, 'owner', tx);
        await this.recordConsents(user.id, false, tx);
        await this.sendConfirmation(user.id, p.email, tx);
        await this.audit.record(
          {
            actorId: user.id,
            action: 'registration.created',
            details: { kind: 'organisation', status: p.status },
            ...meta,
          },
          tx,
        );
        return { ok: true as const, user };
      }),
    );
  }

  /** The cities the business form offers (seed 004), each naming its supplier. */
  async cities(): Promise<CityChoice[]> {
    return cityChoices(await this.accounts.cities());
  }
}

/** Runs `work` again when it lost a unique-index race: the second run sees the winner's row. */
async function onceMoreIfRaced<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return work();
  }
}
