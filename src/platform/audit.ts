// The audit log: security events and every staff action, with who, what, on what, from where.
import type { Request } from 'express';
import type { Db, Tx } from '../db/knex.js';

/** Who acts, from where: the signed-in person of a request. */
export interface Actor {
  actorId: number;
  ip?: string;
  requestId?: string;
}

export function actorOf(req: Request): Actor {
  return { actorId: req.user!.id, ip: req.ip, requestId: String(req.id) };
}

export interface AuditEntry {
  actorId?: number | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  ip?: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(e: AuditEntry, db: Db | Tx = this.db): Promise<void> {
    await db('audit_log').insert({
      actor_id: e.actorId ?? null,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId === undefined ? null : String(e.targetId),
      ip: e.ip ?? null,
      request_id: e.requestId ?? null,
      details: JSON.stringify(e.details ?? {}),
    });
  }
}
