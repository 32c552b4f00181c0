import { pageSize, ServiceError } from '@salesflow/platform';
import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { TargetsClient } from '../clients/service-clients';
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
import {
  createTargetRequestFromJson,
  decompositionFromJson,
  goalsSettingsToJson,
  metricToProto,
  scopeToProto,
  targetToJson,
} from './mappers/target.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  createTargetBodySchema,
  decomposedTargetSchema,
  decomposeTargetBodySchema,
  goalsSettingsSchema,
  leaderboardSchema,
  listTargetsQuerySchema,
  targetNodesSchema,
  targetPageSchema,
  targetTemplateBodySchema,
  targetTreeQuerySchema,
  targetWithChildrenSchema,
  updateGoalsSettingsBodySchema,
  updateTargetBodySchema,
} from './schemas/target.schemas';

const PATH = `${API_PREFIX}/targets`;
const SETTINGS_PATH = `${API_PREFIX}/goals-settings`;
const security = [{ [BEARER_AUTH]: [] }];
const targetContent = { 'application/json': { schema: targetWithChildrenSchema } };
const targetIdParams = idParamsSchema('target');
const tags = ['targets'];

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createTarget',
  tags,
  summary: 'Create a target node (目标)',
  description:
    "Needs goals.target.write. Give `period` as a key (read under the tenant's fiscal year and week start) or periodStart/periodEnd. A tenant-wide target needs the TENANT data scope; others must lie in your data scope. Facts already recorded for the period count at once.",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createTargetBodySchema } } } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader('target'), ...locationHeader('target') },
      content: targetContent,
    },
    400: problemResponse('The body is not valid (one error per field).'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listTargets',
  tags,
  summary: 'List the target nodes you may see, newest first',
  description: 'Needs goals.target.read. Tenant-wide targets and your own are always visible; others by data scope.',
  security,
  request: { query: listTargetsQuerySchema },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: targetPageSchema } } },
    400: problemResponse('A query parameter is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/tree`,
  operationId: 'getTargetTree',
  tags,
  summary: "The manager's view: every node of a period and metric with its descendants and progress",
  description: 'Needs goals.target.read. Parents come before their children.',
  security,
  request: { query: targetTreeQuerySchema },
  responses: {
    200: { description: 'The nodes.', content: { 'application/json': { schema: targetNodesSchema } } },
    400: problemResponse('period or metric is not valid.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/from-template`,
  operationId: 'createTargetsFromTemplate',
  tags,
  summary: 'Create a whole target tree in one call (e.g. year -> quarters -> departments -> members)',
  description:
    'Needs goals.target.write. Each level splits every node of the level above; all or nothing: a level that cannot apply rolls the whole tree back.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: targetTemplateBodySchema } } } },
  responses: {
    201: { description: 'Every node, root first.', content: { 'application/json': { schema: targetNodesSchema } } },
    400: problemResponse('The template is not valid (errors name the level).'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getTarget',
  tags,
  summary: 'A target node with value, achieved, completion %, expected-by-now and its children',
  description: 'Needs goals.target.read. A node outside your data scope is reported as not found.',
  security,
  request: { params: targetIdParams },
  responses: {
    200: { description: 'The node.', headers: etagHeader('target'), content: targetContent },
    404: problemResponse('No such target, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateTarget',
  tags,
  summary: 'Change a node value, or lock / unlock it',
  description:
    'Needs goals.target.write. A new value is re-validated: siblings must still sum to the parent (or more, when goals settings allow over-allocation). A locked node accepts only {"locked": false}.',
  security,
  request: {
    params: targetIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateTargetBodySchema } } },
  },
  responses: {
    200: { description: 'The node as changed.', headers: etagHeader('target'), content: targetContent },
    400: problemResponse('The value breaks the decomposition, or the body is not valid.'),
    404: problemResponse('No such target, or not one you may see.'),
    409: problemResponse('The node is locked.'),
    412: problemResponse('The node changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'delete',
  path: `${PATH}/{id}`,
  operationId: 'deleteTarget',
  tags,
  summary: 'Delete a leaf node',
  description: 'Needs goals.target.write. A node with children or a locked node cannot be deleted.',
  security,
  request: { params: targetIdParams, headers: ifMatchHeaders },
  responses: {
    204: { description: 'Deleted.' },
    404: problemResponse('No such target, or not one you may see.'),
    409: problemResponse('The node is locked or has children.'),
    412: problemResponse('The node changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: `${PATH}/{id}/decompose`,
  operationId: 'decomposeTarget',
  tags,
  summary: 'Split a node along one axis (目标分解)',
  description:
    'Needs goals.target.write. TIME (sub-periods), DEPARTMENTS, MEMBERS (org replica), PRODUCT_LINE / REGION / CUSTOMER_SEGMENT (percentages). Children sum EXACTLY to the parent: largest remainder, the leftover units going to the largest fractions (the earlier child on a tie).',
  security,
  request: {
    params: targetIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: decomposeTargetBodySchema } } },
  },
  responses: {
    201: {
      description: 'The parent and its new children.',
      content: { 'application/json': { schema: decomposedTargetSchema } },
    },
    400: problemResponse('The axis, period kind or parts do not fit this node.'),
    404: problemResponse('No such target, or not one you may see.'),
    409: problemResponse('The node is locked or already decomposed.'),
    412: problemResponse('The node changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}/leaderboard`,
  operationId: 'getTargetLeaderboard',
  tags,
  summary: 'Completion ranking among the node and its siblings',
  description:
    'Needs goals.target.read. Visible to everyone when goals settings enable it, otherwise to managers (data scope DEPARTMENT or wider).',
  security,
  request: { params: targetIdParams },
  responses: {
    200: {
      description: 'Best first; equal completion shares a rank.',
      content: { 'application/json': { schema: leaderboardSchema } },
    },
    404: problemResponse('No such target, or not one you may see.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: SETTINGS_PATH,
  operationId: 'getGoalsSettings',
  tags,
  summary: "The tenant's goals settings",
  description: 'Needs goals.target.read.',
  security,
  responses: {
    200: {
      description: 'The settings.',
      headers: etagHeader('goals settings'),
      content: { 'application/json': { schema: goalsSettingsSchema } },
    },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: SETTINGS_PATH,
  operationId: 'updateGoalsSettings',
  tags,
  summary: 'Change over-allocation, the behind-pace margin or leaderboard visibility',
  description: 'Needs goals.settings.write.',
  security,
  request: {
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateGoalsSettingsBodySchema } } },
  },
  responses: {
    200: {
      description: 'Changed.',
      headers: etagHeader('goals settings'),
      content: { 'application/json': { schema: goalsSettingsSchema } },
    },
    400: problemResponse('The body is not valid.'),
    412: problemResponse('The settings changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

function withChildren(response: {
  node?: Parameters<typeof targetToJson>[0];
  children: Parameters<typeof targetToJson>[0][];
}) {
  return {
    ...targetToJson(present(response.node, 'goals', 'target')),
    children: response.children.map(targetToJson),
  };
}

export function targetRoutes(deps: { targets: TargetsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const { authenticate } = deps;
  const targets = (): TargetsClient => {
    if (!deps.targets) throw new ServiceError('UNAVAILABLE', 'the goals service is not configured');
    return deps.targets;
  };
  const canRead = requirePermission('goals.target.read');
  const canWrite = requirePermission('goals.target.write');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createTargetBodySchema, req.body, 'body');
    const created = withChildren(
      await targets().createTargetNode(createTargetRequestFromJson(body), callOptionsOf(req)),
    );
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listTargetsQuerySchema, req.query, 'query');
    const response = await targets().listTargetNodes(
      {
        page: { limit: pageSize(query.limit), cursor: query.cursor ?? '' },
        metric: metricToProto(query.metric),
        period: query.period ?? '',
        scope: scopeToProto(query.scope),
        scopeId: query.scopeId ?? '',
        parentId: query.parentId ?? '',
      },
      callOptionsOf(req),
    );
    res.json({ items: response.nodes.map(targetToJson), nextCursor: response.page?.nextCursor || null });
  });

  // Before /:id, so "tree" and "from-template" are never read as ids.
  router.get(`${PATH}/tree`, authenticate, canRead, async (req, res) => {
    const query = validate(targetTreeQuerySchema, req.query, 'query');
    const { nodes } = await targets().getTargetTree(
      { period: query.period, metric: metricToProto(query.metric) },
      callOptionsOf(req),
    );
    res.json({ items: nodes.map(targetToJson) });
  });

  router.post(`${PATH}/from-template`, authenticate, canWrite, async (req, res) => {
    const body = validate(targetTemplateBodySchema, req.body, 'body');
    const { nodes } = await targets().createTargetsFromTemplate(
      { root: createTargetRequestFromJson(body.root), levels: body.levels.map(decompositionFromJson) },
      callOptionsOf(req),
    );
    res.status(201).json({ items: nodes.map(targetToJson) });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(targetIdParams, req.params, 'params');
    sendVersioned(res, withChildren(await targets().getTargetNode({ id }, callOptionsOf(req))));
  });

  router.patch(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(targetIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateTargetBodySchema, req.body, 'body');
    const response = await withIfMatch(expectedVersion, () =>
      targets().updateTargetNode(
        {
          id,
          expectedVersion,
          ...(body.value === undefined ? {} : { value: String(body.value) }),
          ...(body.locked === undefined ? {} : { locked: body.locked }),
        },
        callOptionsOf(req),
      ),
    );
    sendVersioned(res, withChildren(response));
  });

  router.delete(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(targetIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    await withIfMatch(expectedVersion, () => targets().deleteTargetNode({ id, expectedVersion }, callOptionsOf(req)));
    res.status(204).end();
  });

  router.post(`${PATH}/:id/decompose`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(targetIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(decomposeTargetBodySchema, req.body, 'body');
    const response = await withIfMatch(expectedVersion, () =>
      targets().decomposeTarget({ id, expectedVersion, ...decompositionFromJson(body) }, callOptionsOf(req)),
    );
    res.status(201).json({
      parent: targetToJson(present(response.parent, 'goals', 'parent')),
      children: response.children.map(targetToJson),
    });
  });

  router.get(`${PATH}/:id/leaderboard`, authenticate, canRead, async (req, res) => {
    const { id } = validate(targetIdParams, req.params, 'params');
    const { entries } = await targets().getTargetLeaderboard({ id }, callOptionsOf(req));
    res.json({ items: entries.map((e) => ({ rank: e.rank, node: targetToJson(present(e.node, 'goals', 'node')) })) });
  });

  router.get(SETTINGS_PATH, authenticate, canRead, async (req, res) => {
    const { settings } = await targets().getGoalsSettings({}, callOptionsOf(req));
    sendVersioned(res, goalsSettingsToJson(settings));
  });

  router.patch(SETTINGS_PATH, authenticate, requirePermission('goals.settings.write'), async (req, res) => {
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateGoalsSettingsBodySchema, req.body, 'body');
    const { settings } = await withIfMatch(expectedVersion, () =>
      targets().updateGoalsSettings({ expectedVersion, ...body }, callOptionsOf(req)),
    );
    sendVersioned(res, goalsSettingsToJson(settings));
  });

  return router;
}
