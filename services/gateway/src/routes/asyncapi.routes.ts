import { type AsyncApiDocument, asyncApiDocument } from '@salesflow/contracts/dist/asyncapi';
import { Router } from 'express';
import { API_PREFIX, registry } from '../openapi/registry';

export const ASYNCAPI_PATH = `${API_PREFIX}/asyncapi.json`;

registry.registerPath({
  method: 'get',
  path: ASYNCAPI_PATH,
  operationId: 'getAsyncApiDocument',
  tags: ['docs'],
  summary: 'The AsyncAPI 3 document of the Kafka topics (channels, keys, headers, message schemas)',
  description: 'Public. Message schemas are the protobuf JSON mapping of each payload.',
  responses: {
    200: { description: 'The AsyncAPI document.', content: { 'application/json': { schema: { type: 'object' } } } },
  },
});

let cached: AsyncApiDocument | undefined;

/** The event contract for integrators; public, built once from the topic catalog. */
export function asyncApiRoutes(): Router {
  const router = Router();
  router.get(ASYNCAPI_PATH, (_req, res) => {
    cached ??= asyncApiDocument();
    res.json(cached);
  });
  return router;
}
