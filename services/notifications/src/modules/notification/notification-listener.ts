import type { Logger } from '@salesflow/platform';
import { Client } from 'pg';

export const NOTIFICATION_CHANNEL = 'salesflow_notifications';

type Wake = () => void;

/**
 * One LISTEN connection per process: the insert trigger NOTIFYs every replica on commit,
 * and the listener wakes the streams of that recipient, which then read the rows themselves
 * (so a lost NOTIFY payload never loses a notification, it only delays it to the next one).
 */
export class NotificationListener {
  private readonly subscribers = new Map<string, Set<Wake>>();
  private client: Client | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => this.dispatch(message.payload));
    client.on('error', (error) => {
      this.log.error({ err: error }, 'notification listener lost its connection; reconnecting');
      void this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
    this.client = client;
  }

  /** Calls `wake` whenever a notification for this recipient commits; returns the unsubscribe. */
  subscribe(tenantId: string, recipientId: string, wake: Wake): () => void {
    const key = `${tenantId}:${recipientId}`;
    let set = this.subscribers.get(key);
    if (!set) {
      set = new Set();
      this.subscribers.set(key, set);
    }
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0) this.subscribers.delete(key);
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private dispatch(payload: string | undefined): void {
    try {
      const { tenantId, recipientId } = JSON.parse(payload ?? '') as { tenantId: string; recipientId: string };
      for (const wake of this.subscribers.get(`${tenantId}:${recipientId}`) ?? []) wake();
    } catch (error) {
      this.log.warn({ err: error, payload }, 'unreadable notification payload');
    }
  }

  private async reconnect(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
    while (!this.stopped) {
      try {
        await this.start();
        // Rows committed while disconnected: wake everyone, each stream reads past its last id.
        for (const set of this.subscribers.values()) for (const wake of set) wake();
        return;
      } catch (error) {
        this.log.warn({ err: error }, 'notification listener reconnect failed');
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }
}
