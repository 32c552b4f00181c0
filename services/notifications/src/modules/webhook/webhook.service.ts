import { randomBytes } from 'node:crypto';
import { BlockList } from 'node:net';
import type { commonV1, notificationsV1 } from '@salesflow/contracts';
import {
  decodeCursor,
  encodeCursor,
  type FieldError,
  pageSize,
  requirePermission,
  ServiceError,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { NotificationsDatabase } from '../../database';
import { WebhookError } from './webhook.errors';
import { deliveryToProto, webhookToProto } from './webhook.mapper';
import { isValidEventPattern } from './webhook-pattern';
import { privateTargetProblem, type ResolveHost, resolveWithSystem } from './webhook-target';

export const WEBHOOK_TEST_EVENT = 'webhook.test';
const MANAGE = 'webhooks.manage';

export interface WebhookTargetPolicy {
  /** Private or loopback ranges that may be targeted all the same (dev and test receivers). */
  allowedPrivateTargets: BlockList;
  resolve?: ResolveHost;
}

/** A tenant's webhook subscriptions. Every call needs webhooks.manage; another tenant's id is NOT_FOUND. */
export class WebhookService {
  constructor(
    private readonly db: NotificationsDatabase,
    private readonly targets: WebhookTargetPolicy = { allowedPrivateTargets: new BlockList() },
  ) {}

  async create(
    principal: commonV1.Principal,
    request: notificationsV1.CreateWebhookRequest,
  ): Promise<notificationsV1.CreateWebhookResponse> {
    requirePermission(principal, MANAGE);
    const errors = [
      ...patternErrors(request.eventPatterns),
      ...(await this.urlErrors(request.url)),
      ...secretErrors(request.secret),
    ];
    if (errors.length > 0) throw ServiceError.invalid(errors);
    const secret = request.secret || `whsec_${randomBytes(32).toString('hex')}`;
    const row = await this.db.webhookSubscription.create({
      data: {
        id: uuidv7(),
        tenantId: principal.tenantId,
        eventPatterns: [...new Set(request.eventPatterns)],
        url: request.url,
        secret,
        active: !request.inactive,
        createdBy: principal.employeeId,
      },
    });
    return { webhook: webhookToProto(row), secret };
  }

  async list(
    principal: commonV1.Principal,
    request: notificationsV1.ListWebhooksRequest,
  ): Promise<notificationsV1.ListWebhooksResponse> {
    requirePermission(principal, MANAGE);
    const limit = pageSize(request.page?.limit);
    const cursor = request.page?.cursor ? decodeCursor(request.page.cursor) : undefined;
    const rows = await this.db.webhookSubscription.findMany({
      where: {
        tenantId: principal.tenantId,
        ...(cursor
          ? {
              OR: [
                { createdAt: { lt: new Date(cursor.at) } },
                { createdAt: new Date(cursor.at), id: { lt: cursor.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      webhooks: page.map(webhookToProto),
      page: {
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '',
      },
    };
  }

  async get(principal: commonV1.Principal, id: string): Promise<notificationsV1.WebhookSubscription> {
    requirePermission(principal, MANAGE);
    return webhookToProto(await this.find(principal, id));
  }

  async update(
    principal: commonV1.Principal,
    request: notificationsV1.UpdateWebhookRequest,
  ): Promise<notificationsV1.WebhookSubscription> {
    requirePermission(principal, MANAGE);
    const errors = [
      ...(request.setEventPatterns ? patternErrors(request.eventPatterns) : []),
      ...(request.url !== undefined ? await this.urlErrors(request.url) : []),
      ...(request.secret !== undefined ? secretErrors(request.secret, true) : []),
    ];
    if (errors.length > 0) throw ServiceError.invalid(errors);
    const current = await this.find(principal, request.id);
    const expected = Number(request.expectedVersion || '0');
    if (expected !== 0 && expected !== current.version) {
      throw new WebhookError('WEBHOOK_VERSION_MISMATCH', `webhook ${request.id} is at version ${current.version}`);
    }
    const reactivated = request.active === true && !current.active;
    const { count } = await this.db.webhookSubscription.updateMany({
      where: { id: current.id, version: current.version },
      data: {
        ...(request.setEventPatterns ? { eventPatterns: [...new Set(request.eventPatterns)] } : {}),
        ...(request.url !== undefined ? { url: request.url } : {}),
        ...(request.secret !== undefined ? { secret: request.secret } : {}),
        ...(request.active !== undefined ? { active: request.active } : {}),
        // Turning it back on starts the failure count afresh.
        ...(reactivated ? { disabledReason: '', consecutiveFailures: 0 } : {}),
        version: { increment: 1 },
        updatedAt: new Date(),
      },
    });
    if (count === 0) throw new WebhookError('WEBHOOK_VERSION_MISMATCH', `webhook ${request.id} changed meanwhile`);
    return webhookToProto(await this.find(principal, request.id));
  }

  async delete(principal: commonV1.Principal, id: string): Promise<void> {
    requirePermission(principal, MANAGE);
    const current = await this.find(principal, id);
    await this.db.webhookSubscription.delete({ where: { id: current.id } });
  }

  async deliveries(
    principal: commonV1.Principal,
    request: notificationsV1.ListWebhookDeliveriesRequest,
  ): Promise<notificationsV1.ListWebhookDeliveriesResponse> {
    requirePermission(principal, MANAGE);
    const subscription = await this.find(principal, request.id);
    const limit = pageSize(request.page?.limit);
    const cursor = request.page?.cursor ? decodeCursor(request.page.cursor) : undefined;
    const rows = await this.db.webhookDelivery.findMany({
      where: {
        subscriptionId: subscription.id,
        ...(cursor
          ? {
              OR: [
                { createdAt: { lt: new Date(cursor.at) } },
                { createdAt: new Date(cursor.at), id: { lt: cursor.id } },
              ],
            }
          : {}),
      },
      include: { attemptLog: { orderBy: { attempt: 'asc' } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      deliveries: page.map(deliveryToProto),
      page: {
        nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '',
      },
    };
  }

  /** Queues a `webhook.test` delivery; like every delivery it is sent only while the subscription is active. */
  async test(principal: commonV1.Principal, id: string): Promise<notificationsV1.WebhookDelivery> {
    requirePermission(principal, MANAGE);
    const subscription = await this.find(principal, id);
    const eventId = uuidv7();
    const body = JSON.stringify({
      id: eventId,
      type: WEBHOOK_TEST_EVENT,
      tenantId: principal.tenantId,
      occurredAt: new Date().toISOString(),
      actor: { employeeId: principal.employeeId, kind: 'employee' },
      payload: { subscriptionId: subscription.id },
    });
    const row = await this.db.webhookDelivery.create({
      data: {
        id: uuidv7(),
        tenantId: principal.tenantId,
        subscriptionId: subscription.id,
        eventId,
        eventType: WEBHOOK_TEST_EVENT,
        body,
      },
    });
    return deliveryToProto(row);
  }

  private async find(principal: commonV1.Principal, id: string) {
    const row = isUuid(id)
      ? await this.db.webhookSubscription.findFirst({ where: { id, tenantId: principal.tenantId } })
      : null;
    if (!row) throw new WebhookError('WEBHOOK_NOT_FOUND', `webhook ${id} not found`);
    return row;
  }

  /** An http(s) URL without credentials whose host is not in the pod's or the office's own network. */
  private async urlErrors(url: string): Promise<FieldError[]> {
    const format = urlFormatErrors(url);
    if (format.length > 0) return format;
    const problem = await privateTargetProblem(
      url,
      this.targets.allowedPrivateTargets,
      this.targets.resolve ?? resolveWithSystem,
    );
    return problem ? [{ field: 'url', message: problem }] : [];
  }
}

function patternErrors(patterns: readonly string[]): FieldError[] {
  if (patterns.length === 0) return [{ field: 'eventPatterns', message: 'name at least one event type or pattern' }];
  if (patterns.length > 50) return [{ field: 'eventPatterns', message: 'at most 50 patterns' }];
  return patterns.flatMap((p, i) =>
    isValidEventPattern(p)
      ? []
      : [{ field: `eventPatterns.${i}`, message: 'expected an event type, a prefix ending in ".*", or "*"' }],
  );
}

function urlFormatErrors(url: string): FieldError[] {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && url.length <= 2000 && !parsed.username)
      return [];
  } catch {
    // falls through to the error below
  }
  return [{ field: 'url', message: 'expected an http or https URL without credentials' }];
}

function secretErrors(secret: string, required = false): FieldError[] {
  if (!secret && !required) return [];
  if (secret.length < 16 || secret.length > 200) return [{ field: 'secret', message: 'must be 16 to 200 characters' }];
  return [];
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
