// What embedded.ts and its supervisor process (embeddedSupervisor.ts) say to each other over IPC,
// and the credentials of the cluster they share.

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

/** The connection string of a database on the embedded cluster. */
export const embeddedUrl = (port: number, database: string): string =>
  `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;

export interface SupervisorOptions {
  dataDir: string;
  port: number;
  persistent: boolean;
}

/** parent → child: `{ kind: 'release' }`; child → parent: these. */
export type SupervisorMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; log: string[] }
  | { kind: 'log'; line: string }
  | { kind: 'stopped' }
  | { kind: 'lingering'; clients: number };
