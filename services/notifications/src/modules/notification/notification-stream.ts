import type { commonV1, notificationsV1 } from '@salesflow/contracts';
import type { ServerStreamSink } from '@salesflow/platform';
import { notificationToProto } from './notification.mapper';
import { type NotificationService, parseId } from './notification.service';
import type { NotificationListener } from './notification-listener';

/**
 * Sends the recipient's notifications after `afterId` (all of them when resuming), then each new
 * one as the listener announces it, until the caller cancels. It subscribes before the first read,
 * so a row committed between the read and the subscription still wakes it.
 */
export async function streamNotifications(
  principal: commonV1.Principal,
  request: notificationsV1.StreamNotificationsRequest,
  sink: ServerStreamSink<notificationsV1.StreamNotificationsResponse>,
  deps: { notifications: NotificationService; listener: NotificationListener },
): Promise<void> {
  let wakeUp: (() => void) | undefined;
  let pending = true;
  const unsubscribe = deps.listener.subscribe(principal.tenantId, principal.employeeId, () => {
    pending = true;
    wakeUp?.();
  });
  const aborted = new Promise<void>((resolve) =>
    sink.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  try {
    const requested = parseId(request.afterId || '0', 'afterId');
    let lastId = requested > 0n ? requested : await deps.notifications.latestId(principal);
    while (!sink.signal.aborted) {
      if (!pending) {
        await Promise.race([new Promise<void>((resolve) => (wakeUp = resolve)), aborted]);
        wakeUp = undefined;
        continue;
      }
      pending = false;
      for (;;) {
        const rows = await deps.notifications.after(principal, lastId);
        for (const row of rows) {
          if (sink.signal.aborted) return;
          await sink.write({ notification: notificationToProto(row) });
          lastId = row.id;
        }
        if (rows.length < 100) break;
      }
    }
  } finally {
    unsubscribe();
  }
}
