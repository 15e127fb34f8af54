// Login: who is this person, given what they typed at /login.
import type { AuditLog } from '../../platform/audit.js';
import type { UsersRepo, UserRow } from './repo.js';
import { verifyPassword } from './passwords.js';

export type LoginResult = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'blocked' | 'pending' };

export class AuthService {
  constructor(
    private readonly users: UsersRepo,
    private readonly audit: AuditLog,
  ) {}

  /**
   * An e-mail or login names one user; an account or contract number may be linked to several
   * (family members): the password decides which of them is logging in.
   */
  async login(login: string, password: string, meta: { ip?: string; requestId?: string }): Promise<LoginResult> {
    const byLogin = await this.users.findByLogin(login);
    const candidates = byLogin ? [byLogin] : await this.users.findByAccountOrContractNumber(login.trim());
    let found: UserRow | undefined;
    if (candidates.length === 0) {
      await verifyPassword(null, password);
    } else {
      for (const u of candidates) {
        if (await verifyPassword(u.password_hash, password)) {
          found = u;
          break;
        }
      }
    }
    if (!found) {
      await this.audit.record({ action: 'login.failed', targetType: 'login', targetId: login.slice(0, 64), ...meta });
      return { ok: false, reason: 'invalid' };
    }
    if (found.status !== 'active') {
      await this.audit.record({ actorId: found.id, action: 'login.refused', details: { status: found.status }, ...meta });
      return { ok: false, reason: found.status };
    }
    await this.users.touchLogin(found.id);
    await this.audit.record({ actorId: found.id, action: 'login.succeeded', ...meta });
    return { ok: true, user: found };
  }
}
