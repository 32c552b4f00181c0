import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { CrmClient } from '../clients/service-clients';
import { expectedVersionOf, withIfMatch } from '../http/if-match';
import { present, sendVersioned } from '../http/respond';
import { validate } from '../http/validate';
import {
  API_PREFIX,
  authenticatedProblems,
  BEARER_AUTH,
  etagHeader,
  ifMatchHeaders,
  problemResponse,
  registry,
} from '../openapi/registry';
import { conversionRulesToJson } from './mappers/conversion-rule.mapper';
import { conversionRulesSchema, updateConversionRulesBodySchema } from './schemas/conversion-rule.schemas';

const PATH = `${API_PREFIX}/conversion-rules`;
const security = [{ [BEARER_AUTH]: [] }];
const rulesContent = { 'application/json': { schema: conversionRulesSchema } };

registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'getConversionRules',
  tags: ['leads'],
  summary: 'The lead conversion rules (转客户映射规则)',
  description:
    'Needs crm.lead.read. Version 0: the built-in rules (company -> customer name, name/phone/email -> contact).',
  security,
  responses: {
    200: { description: 'The rules.', headers: etagHeader('rules'), content: rulesContent },
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'put',
  path: PATH,
  operationId: 'updateConversionRules',
  tags: ['leads'],
  summary: 'Replace the lead conversion rules',
  description: 'Needs crm.settings.write. Later rules for the same target win.',
  security,
  request: {
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateConversionRulesBodySchema } } },
  },
  responses: {
    200: { description: 'The rules as saved.', headers: etagHeader('rules'), content: rulesContent },
    400: problemResponse('A rule is not valid (unknown field or custom field).'),
    412: problemResponse('The rules changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

export function conversionRuleRoutes(deps: { crm: CrmClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { crm, authenticate } = deps;

  router.get(PATH, authenticate, requirePermission('crm.lead.read'), async (req, res) => {
    const { rules } = await crm.getConversionRules({}, callOptionsOf(req));
    sendVersioned(res, conversionRulesToJson(present(rules, 'crm', 'conversion rules')));
  });

  router.put(PATH, authenticate, requirePermission('crm.settings.write'), async (req, res) => {
    const expectedVersion = expectedVersionOf(req);
    const { mappings } = validate(updateConversionRulesBodySchema, req.body, 'body');
    const { rules } = await withIfMatch(expectedVersion, () =>
      crm.updateConversionRules({ expectedVersion, mappings }, callOptionsOf(req)),
    );
    sendVersioned(res, conversionRulesToJson(present(rules, 'crm', 'conversion rules')));
  });

  return router;
}
