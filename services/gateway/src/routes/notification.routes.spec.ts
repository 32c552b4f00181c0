import { request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { notificationsV1 } from '@salesflow/contracts';
import { type ServerStream, ServiceError } from '@salesflow/platform';
import request from 'supertest';
import type { NotificationsClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const AT = new Date('2026-12-05T08:00:00.000Z');

function stored(id: string, overrides: Partial<notificationsV1.Notification> = {}): notificationsV1.Notification {
  return {
    id,
    tenantId: 't-1',
    recipientId: 'emp-1',
    kind: 'crm.lead.assigned',
    title: 'A lead was assigned to you',
    body: 'Lead "王建国" is now yours; follow it up before it is recycled.',
    params: { leadName: '王建国' },
    subjectType: 'lead',
    subjectId: 'lead-1',
    sourceEventId: 'e-1',
    createdAt: AT,
    ...overrides,
  };
}

/** A stream the test feeds by hand; `cancelled` tells whether the gateway cancelled the call. */
function controlledStream() {
  const queue: notificationsV1.StreamNotificationsResponse[] = [];
  let wake: (() => void) | undefined;
  let failure: ServiceError | undefined;
  const state = { cancelled: false };
  const stream: ServerStream<notificationsV1.StreamNotificationsResponse> = {
    cancel() {
      state.cancelled = true;
      wake?.();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length > 0) yield queue.shift() as notificationsV1.StreamNotificationsResponse;
        if (failure) throw failure;
        if (state.cancelled) return;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
  return {
    stream,
    state,
    push(n: notificationsV1.Notification) {
      queue.push({ notification: n });
      wake?.();
    },
    fail(error: ServiceError) {
      failure = error;
      wake?.();
    },
  };
}

describe('notification routes', () => {
  let key: SigningKey;
  let rep: string;
  let stranger: string;

  beforeAll(async () => {
    key = await createSigningKey();
    rep = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['notifications.read'] } });
    stranger = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.lead.read'] } });
  });

  function build() {
    const { calls, record } = callRecorder();
    const live = controlledStream();
    const notifications: Fake<Partial<NotificationsClient>> = {
      listNotifications: record('listNotifications', () => ({
        notifications: [
          stored('7', { readAt: AT, params: { leadName: '王建国', company: '杭州宏达贸易' } }),
          // Written before notifications kept parameters: only the English text.
          stored('6', { params: {} }),
        ],
        page: { nextCursor: 'c2' },
        unreadCount: '3',
      })),
      markNotificationRead: record('markNotificationRead', (req: notificationsV1.MarkNotificationReadRequest) => {
        if (req.id === '99') throw new ServiceError('NOT_FOUND', 'notification 99 not found');
        return { notification: stored(req.id, { readAt: AT }) };
      }),
      markAllNotificationsRead: record('markAllNotificationsRead', () => ({ marked: '3' })),
      // A server stream is answered at once, not as a promise, so this one is not made by record.
      streamNotifications: (req, options) => {
        calls.push({ method: 'streamNotifications', request: req, options });
        return live.stream;
      },
    };
    const app = routeTestApp(key, { notifications: notifications as NotificationsClient }, { sseHeartbeatMs: 50 });
    return { app, calls, live };
  }

  it('lists the caller’s notifications with the unread filter and paging, their text parameters passed through', async () => {
    const { app, calls } = build();
    const res = await request(app)
      .get('/api/v1/notifications?unread=true&limit=10')
      .set('Authorization', `Bearer ${rep}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: '7',
          kind: 'crm.lead.assigned',
          title: 'A lead was assigned to you',
          body: 'Lead "王建国" is now yours; follow it up before it is recycled.',
          params: { leadName: '王建国', company: '杭州宏达贸易' },
          subject: { type: 'lead', id: 'lead-1' },
          createdAt: '2026-12-05T08:00:00.000Z',
          readAt: '2026-12-05T08:00:00.000Z',
        },
        {
          id: '6',
          kind: 'crm.lead.assigned',
          title: 'A lead was assigned to you',
          body: 'Lead "王建国" is now yours; follow it up before it is recycled.',
          params: {},
          subject: { type: 'lead', id: 'lead-1' },
          createdAt: '2026-12-05T08:00:00.000Z',
          readAt: null,
        },
      ],
      nextCursor: 'c2',
      unreadCount: 3,
    });
    expect(calls[0]?.request).toEqual({ page: { limit: 10, cursor: '' }, unreadOnly: true });
    expect(calls[0]?.options?.principal?.employeeId).toBe('emp-1');
  });

  it('refuses bad input and callers without notifications.read, calling nothing', async () => {
    const { app, calls } = build();
    const bad = await request(app).get('/api/v1/notifications?unread=yes').set('Authorization', `Bearer ${rep}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'unread', message: expect.any(String) }]);
    const badId = await request(app).post('/api/v1/notifications/abc/read').set('Authorization', `Bearer ${rep}`);
    expect(badId.status).toBe(400);
    const forbidden = await request(app).get('/api/v1/notifications').set('Authorization', `Bearer ${stranger}`);
    expect(forbidden.status).toBe(403);
    const badResume = await request(app)
      .get('/api/v1/notifications/stream')
      .set('Authorization', `Bearer ${rep}`)
      .set('Last-Event-ID', 'x');
    expect(badResume.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('marks one read (404 when not the caller’s) and all read', async () => {
    const { app } = build();
    const one = await request(app).post('/api/v1/notifications/7/read').set('Authorization', `Bearer ${rep}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: '7', readAt: '2026-12-05T08:00:00.000Z', params: { leadName: '王建国' } });
    const missing = await request(app).post('/api/v1/notifications/99/read').set('Authorization', `Bearer ${rep}`);
    expect(missing.status).toBe(404);
    const all = await request(app).post('/api/v1/notifications/read-all').set('Authorization', `Bearer ${rep}`);
    expect(all.body).toEqual({ marked: 3 });
  });

  describe('the SSE stream', () => {
    let server: Server;
    afterEach(() => {
      server?.closeAllConnections();
      return new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    });

    function open(app: ReturnType<typeof build>['app'], headers: Record<string, string>, query = '') {
      server = app.listen(0);
      const port = (server.address() as AddressInfo).port;
      let text = '';
      let response: IncomingMessage | undefined;
      const req = httpRequest({ port, path: `/api/v1/notifications/stream${query}`, headers });
      const ready = new Promise<IncomingMessage>((resolve) =>
        req.on('response', (res) => {
          response = res;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          resolve(res);
        }),
      );
      req.end();
      const until = async (done: (t: string) => boolean) => {
        const deadline = Date.now() + 5_000;
        while (!done(text)) {
          if (Date.now() > deadline)
            throw new Error(`stream never showed the expected text; got ${JSON.stringify(text)}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        return text;
      };
      return { ready, until, close: () => req.destroy(), text: () => text, response: () => response };
    }

    it('resumes after Last-Event-ID, sends notifications as SSE with heartbeats, and cancels the call on disconnect', async () => {
      const { app, calls, live } = build();
      const sse = open(app, { Authorization: `Bearer ${rep}`, 'Last-Event-ID': '41' });
      const res = await sse.ready;
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache, no-transform');
      live.push(stored('42'));
      live.push(stored('43', { kind: 'crm.lead.recycled' }));
      const text = await sse.until((t) => t.includes('id: 43') && t.includes(': heartbeat'));
      expect(calls[0]?.request).toEqual({ afterId: '41' });
      expect(calls[0]?.options?.principal?.employeeId).toBe('emp-1');
      const messages = text.split('\n\n').filter((m) => m.startsWith('id: '));
      expect(messages[0]).toBe(
        `id: 42\nevent: notification\ndata: ${JSON.stringify({
          id: '42',
          kind: 'crm.lead.assigned',
          title: 'A lead was assigned to you',
          body: 'Lead "王建国" is now yours; follow it up before it is recycled.',
          params: { leadName: '王建国' },
          subject: { type: 'lead', id: 'lead-1' },
          createdAt: '2026-12-05T08:00:00.000Z',
          readAt: null,
        })}`,
      );
      expect(messages[1]?.startsWith('id: 43\nevent: notification\n')).toBe(true);
      expect(live.state.cancelled).toBe(false);
      sse.close();
      const deadline = Date.now() + 5_000;
      while (!live.state.cancelled && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(live.state.cancelled).toBe(true);
    });

    it('resumes from ?lastEventId= and ends with an error event when the service fails', async () => {
      const { app, calls, live } = build();
      const sse = open(app, { Authorization: `Bearer ${rep}` }, '?lastEventId=5');
      await sse.ready;
      live.fail(new ServiceError('UNAVAILABLE', 'notifications is down'));
      const text = await sse.until((t) => t.includes('event: error'));
      expect(calls[0]?.request).toEqual({ afterId: '5' });
      expect(text).toContain('"status":503');
      const viaQuery = await request(app)
        .get('/api/v1/notifications/stream?lastEventId=x')
        .set('Authorization', `Bearer ${rep}`);
      expect(viaQuery.status).toBe(400);
    });
  });
});
