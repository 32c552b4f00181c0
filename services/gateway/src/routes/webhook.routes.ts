import { ServiceError } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { WebhooksClient } from '../clients/service-clients';
import { expectedVersionOf, withIfMatch } from '../http/if-match';
import { present, sendVersioned } from '../http/respond';
import { validate } from '../http/validate';
import {
  API_PREFIX,
  authenticatedProblems,
  BEARER_AUTH,
  etagHeader,
  ifMatchHeaders,
  locationHeader,
  problemResponse,
  registry,
} from '../openapi/registry';
import { webhookDeliveryToJson, webhookToJson } from './mappers/webhook.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  createdWebhookSchema,
  createWebhookBodySchema,
  updateWebhookBodySchema,
  webhookDeliveryPageSchema,
  webhookDeliverySchema,
  webhookPageQuerySchema,
  webhookPageSchema,
  webhookSchema,
} from './schemas/webhook.schemas';

const PATH = `${API_PREFIX}/webhooks`;
const security = [{ [BEARER_AUTH]: [] }];
const params = idParamsSchema('webhook');
const webhookContent = { 'application/json': { schema: webhookSchema } };
const notFound = problemResponse('No such webhook in your tenant.');
const tags = ['webhooks'];
const NEEDS = 'Needs webhooks.manage (admins). ';

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createWebhook',
  tags,
  summary: 'Subscribe a URL to events of your tenant',
  description: `${NEEDS}Each matching event is POSTed as JSON (envelope fields + payload in the protobuf JSON mapping) with Salesflow-Event-Id, Salesflow-Event-Type, Salesflow-Timestamp and Salesflow-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>. A 2xx answer is delivered; anything else is retried with exponential backoff; after repeated failed deliveries the webhook is disabled and its creator notified.`,
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createWebhookBodySchema } } } },
  responses: {
    201: {
      description: 'Created; the secret is shown only now.',
      headers: { ...etagHeader('webhook'), ...locationHeader('webhook') },
      content: { 'application/json': { schema: createdWebhookSchema } },
    },
    400: problemResponse('A pattern, the URL or the secret is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listWebhooks',
  tags,
  summary: "Your tenant's webhooks, newest first",
  description: NEEDS,
  security,
  request: { query: webhookPageQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: webhookPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getWebhook',
  tags,
  summary: 'Get one webhook (never its secret)',
  description: NEEDS,
  security,
  request: { params },
  responses: {
    200: { description: 'The webhook.', headers: etagHeader('webhook'), content: webhookContent },
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateWebhook',
  tags,
  summary: 'Change a webhook, or turn it back on',
  description: `${NEEDS}Send If-Match with the ETag you read. Turning it on resets the failure count.`,
  security,
  request: {
    params,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateWebhookBodySchema } } },
  },
  responses: {
    200: { description: 'The webhook as changed.', headers: etagHeader('webhook'), content: webhookContent },
    400: problemResponse('A pattern, the URL or the secret is not valid.'),
    404: notFound,
    412: problemResponse('The webhook changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'delete',
  path: `${PATH}/{id}`,
  operationId: 'deleteWebhook',
  tags,
  summary: 'Delete a webhook and its delivery log',
  description: NEEDS,
  security,
  request: { params },
  responses: { 204: { description: 'Deleted.' }, 404: notFound, ...authenticatedProblems },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}/deliveries`,
  operationId: 'listWebhookDeliveries',
  tags,
  summary: 'The delivery log of a webhook, newest first, with every attempt',
  description: NEEDS,
  security,
  request: { params, query: webhookPageQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: webhookDeliveryPageSchema } } },
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/test`,
  operationId: 'testWebhook',
  tags,
  summary: 'Queue a webhook.test delivery',
  description: `${NEEDS}Sent like any delivery (signed, retried) while the webhook is active.`,
  security,
  request: { params },
  responses: {
    202: { description: 'Queued.', content: { 'application/json': { schema: webhookDeliverySchema } } },
    404: notFound,
    ...authenticatedProblems,
  },
});

function required(client: WebhooksClient | undefined): WebhooksClient {
  if (!client) throw new ServiceError('UNAVAILABLE', 'the notifications service is not configured');
  return client;
}

export function webhookRoutes(deps: { webhooks: WebhooksClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const canManage = requirePermission('webhooks.manage');
  const guard = [deps.authenticate, canManage];

  router.post(PATH, ...guard, async (req, res) => {
    const body = validate(createWebhookBodySchema, req.body, 'body');
    const created = await required(deps.webhooks).createWebhook(
      { eventPatterns: body.eventPatterns, url: body.url, secret: body.secret ?? '', inactive: body.active === false },
      callOptionsOf(req),
    );
    const webhook = webhookToJson(present(created.webhook, 'notifications', 'webhook'));
    res.status(201).location(`${PATH}/${encodeURIComponent(webhook.id)}`);
    res.setHeader('ETag', `"${webhook.version}"`);
    res.json({ webhook, secret: created.secret });
  });

  router.get(PATH, ...guard, async (req, res) => {
    const query = validate(webhookPageQuerySchema, req.query, 'query');
    const result = await required(deps.webhooks).listWebhooks(
      { page: { limit: query.limit ?? 0, cursor: query.cursor ?? '' } },
      callOptionsOf(req),
    );
    res.json({ items: result.webhooks.map(webhookToJson), nextCursor: result.page?.nextCursor || null });
  });

  router.get(`${PATH}/:id`, ...guard, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const { webhook } = await required(deps.webhooks).getWebhook({ id }, callOptionsOf(req));
    sendVersioned(res, webhookToJson(present(webhook, 'notifications', 'webhook')));
  });

  router.patch(`${PATH}/:id`, ...guard, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateWebhookBodySchema, req.body, 'body');
    const { webhook } = await withIfMatch(expectedVersion, () =>
      required(deps.webhooks).updateWebhook(
        {
          id,
          expectedVersion,
          eventPatterns: body.eventPatterns ?? [],
          setEventPatterns: body.eventPatterns !== undefined,
          ...(body.url !== undefined ? { url: body.url } : {}),
          ...(body.secret !== undefined ? { secret: body.secret } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
        },
        callOptionsOf(req),
      ),
    );
    sendVersioned(res, webhookToJson(present(webhook, 'notifications', 'webhook')));
  });

  router.delete(`${PATH}/:id`, ...guard, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    await required(deps.webhooks).deleteWebhook({ id }, callOptionsOf(req));
    res.status(204).end();
  });

  router.get(`${PATH}/:id/deliveries`, ...guard, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const query = validate(webhookPageQuerySchema, req.query, 'query');
    const result = await required(deps.webhooks).listWebhookDeliveries(
      { id, page: { limit: query.limit ?? 0, cursor: query.cursor ?? '' } },
      callOptionsOf(req),
    );
    res.json({ items: result.deliveries.map(webhookDeliveryToJson), nextCursor: result.page?.nextCursor || null });
  });

  router.post(`${PATH}/:id/test`, ...guard, async (req, res) => {
    const { id } = validate(params, req.params, 'params');
    const { delivery } = await required(deps.webhooks).testWebhook({ id }, callOptionsOf(req));
    res.status(202).json(webhookDeliveryToJson(present(delivery, 'notifications', 'delivery')));
  });

  return router;
}
