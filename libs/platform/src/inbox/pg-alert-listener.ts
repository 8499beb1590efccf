import type { Logger } from '@nestjs/common';
import pg from 'pg';

/** Waits between attempts to listen again after the connection dropped. */
const RECONNECT_MS = 1_000;

/**
 * One dedicated connection per api process that LISTENs on the alerts channel (PostgreSQL queue backend).
 * A pooled connection would not do: LISTEN belongs to a session. When the connection drops it is made
 * again; what was notified meanwhile is not streamed, but it is in the inbox (as with Redis pub/sub).
 */
export class PgAlertListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly onPayload: (payload: string | undefined) => void,
    private readonly logger: Logger,
  ) {}

  /** Resolves once listening (or once the first attempt failed: a retry follows). */
  async start(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'service-window-alerts', keepAlive: true });
    this.client = client;
    client.on('notification', (n) => {
      if (n.channel === this.channel) this.onPayload(n.payload);
    });
    let dropped = false;
    const drop = (err?: Error) => {
      if (dropped) return;
      dropped = true;
      if (this.closed) return;
      this.logger.warn({ err, client: 'alert-listener' }, 'alert listener: connection lost, listening again');
      client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
    };
    client.on('error', drop);
    client.on('end', () => drop());
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch (err) {
      drop(err as Error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}
