// The outbox worker: a timer in the server process that delivers pending mail and SMS.
import type { Logger } from '../logger.js';
import type { AttachmentRef, OutboxRepo } from './repo.js';
import type { MailAttachment, MailTransport, SmsProvider } from './transports.js';

/** Renders an attachment a message names (a bill's PDF) when the message is sent. */
export type AttachmentResolver = (ref: AttachmentRef) => Promise<MailAttachment>;

const MAX_ATTEMPTS = 5;

export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly outbox: OutboxRepo,
    private readonly mail: MailTransport | undefined,
    private readonly sms: SmsProvider,
    private readonly logger: Logger,
    private readonly attachments?: AttachmentResolver,
  ) {}

  /** Delivers what is pending now; without SMTP configured, e-mails stay in the outbox. */
  async runOnce(): Promise<{ sent: number; failed: number }> {
    const channels: ('email' | 'sms')[] = this.mail ? ['email', 'sms'] : ['sms'];
    return this.outbox.processPending(channels, 20, MAX_ATTEMPTS, async (m) => {
      if (m.channel === 'email')
        await this.mail!.send({
          to: m.recipient,
          subject: m.subject ?? '',
          text: m.body,
          ...(m.headers ? { headers: m.headers } : {}),
          ...(m.attachments?.length ? { attachments: await this.render(m.attachments) } : {}),
        });
      else await this.sms.send({ to: m.recipient, text: m.body });
    });
  }

  /** A message whose attachment cannot be rendered fails like a refused delivery (retried, then 'failed'). */
  private async render(refs: AttachmentRef[]): Promise<MailAttachment[]> {
    if (!this.attachments) throw new Error('no attachment resolver configured');
    const out: MailAttachment[] = [];
    for (const ref of refs) out.push(await this.attachments(ref));
    return out;
  }

  start(intervalMs = 5_000): this {
    if (this.timer) return this;
    this.timer = setInterval(() => {
      if (this.running) return; // the previous round is still sending
      this.running = this.runOnce()
        .then((r) => {
          if (r.sent || r.failed) this.logger.info(r, 'outbox delivered');
        })
        .catch((err) => this.logger.warn({ err }, 'outbox round failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, intervalMs);
    this.timer.unref();
    return this;
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
