// Why a start or a command-line tool failed, in one Russian sentence that says what to do.

/** A failure whose message is already that sentence. */
export class StartError extends Error {
  override name = 'StartError';
}

/** host:port/database of a connection string, without the user and password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** The sentence for a failed connection to PostgreSQL at url. */
export function explainConnectionError(e: unknown, url: string): string {
  const err = e as { code?: string; message?: string };
  const where = describeDatabaseUrl(url);
  switch (err.code) {
    case 'ECONNREFUSED':
      return `База ${where} не принимает соединения: запустите PostgreSQL или исправьте DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Адрес базы ${where} не найден: исправьте DATABASE_URL.`;
    case 'ETIMEDOUT':
      return `База ${where} не ответила вовремя: проверьте сеть и DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `База ${where} не приняла имя пользователя или пароль: исправьте их в DATABASE_URL.`;
    case '3D000':
      return `Базы данных ${where} нет на сервере: создайте её (createdb) или исправьте DATABASE_URL.`;
    case '57P03':
      return `База ${where} ещё запускается или останавливается: подождите и запустите снова.`;
    default:
      return `Не удалось подключиться к базе ${where} (${err.message ?? String(e)}): проверьте DATABASE_URL.`;
  }
}

/** The sentence for any failure that reaches the top of a start: known ones as they are, others with their message. */
export function explainStartFailure(e: unknown, what: string): string {
  if (e instanceof StartError) return e.message;
  const message = e instanceof Error ? e.message : String(e);
  return `${what}: ${message.replace(/\s+/g, ' ').slice(0, 500)} (подробности в журнале с LOG_LEVEL=debug).`;
}
