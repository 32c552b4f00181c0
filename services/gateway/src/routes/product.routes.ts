import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { SalesClient } from '../clients/service-clients';
import { expectedVersionOf, withIfMatch } from '../http/if-match';
import { sendVersioned } from '../http/respond';
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
import { moneyToProto, productToJson } from './mappers/sales.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  createProductBodySchema,
  listProductsQuerySchema,
  productSchema,
  updateProductBodySchema,
} from './schemas/sales.schemas';

const PATH = `${API_PREFIX}/products`;
const security = [{ [BEARER_AUTH]: [] }];
const productContent = { 'application/json': { schema: productSchema } };
const productIdParams = idParamsSchema('product');

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createProduct',
  tags: ['products'],
  summary: 'Create a product (产品) of a product line',
  description: 'Needs crm.product.write. List price and unit cost in one currency.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createProductBodySchema } } } },
  responses: {
    201: {
      description: 'Created.',
      headers: { ...etagHeader('product'), ...locationHeader('product') },
      content: productContent,
    },
    400: problemResponse('The body is not valid.'),
    409: problemResponse('A product of that name exists.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: PATH,
  operationId: 'listProducts',
  tags: ['products'],
  summary: 'List the products, by product line and name',
  description: 'Needs crm.product.read. Products are tenant-wide reference data.',
  security,
  request: { query: listProductsQuerySchema },
  responses: {
    200: {
      description: 'All products (at most 1000).',
      content: { 'application/json': { schema: z.object({ items: z.array(productSchema) }) } },
    },
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'getProduct',
  tags: ['products'],
  summary: 'Get one product',
  description: 'Needs crm.product.read.',
  security,
  request: { params: productIdParams },
  responses: {
    200: { description: 'The product.', headers: etagHeader('product'), content: productContent },
    404: problemResponse('No such product.'),
    ...authenticatedProblems,
  },
});
registry.registerPath({
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'updateProduct',
  tags: ['products'],
  summary: 'Change a product',
  description: 'Needs crm.product.write. Send If-Match with the ETag you read.',
  security,
  request: {
    params: productIdParams,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateProductBodySchema } } },
  },
  responses: {
    200: { description: 'The product as changed.', headers: etagHeader('product'), content: productContent },
    400: problemResponse('The body is not valid.'),
    404: problemResponse('No such product.'),
    412: problemResponse('The product changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

export function productRoutes(deps: { sales: SalesClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { sales, authenticate } = deps;
  const canRead = requirePermission('crm.product.read');
  const canWrite = requirePermission('crm.product.write');

  router.post(PATH, authenticate, canWrite, async (req, res) => {
    const body = validate(createProductBodySchema, req.body, 'body');
    const { product } = await sales.createProduct(
      {
        name: body.name,
        productLine: body.productLine,
        listPrice: moneyToProto(body.listPrice),
        cost: moneyToProto(body.cost),
      },
      callOptionsOf(req),
    );
    const created = productToJson(product);
    res.status(201).location(`${PATH}/${encodeURIComponent(created.id)}`);
    sendVersioned(res, created);
  });

  router.get(PATH, authenticate, canRead, async (req, res) => {
    const query = validate(listProductsQuerySchema, req.query, 'query');
    const { products } = await sales.listProducts(
      { productLine: query.productLine ?? '', activeOnly: query.activeOnly === 'true' },
      callOptionsOf(req),
    );
    res.json({ items: products.map(productToJson) });
  });

  router.get(`${PATH}/:id`, authenticate, canRead, async (req, res) => {
    const { id } = validate(productIdParams, req.params, 'params');
    sendVersioned(res, productToJson((await sales.getProduct({ id }, callOptionsOf(req))).product));
  });

  router.patch(`${PATH}/:id`, authenticate, canWrite, async (req, res) => {
    const { id } = validate(productIdParams, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateProductBodySchema, req.body, 'body');
    const { product } = await withIfMatch(expectedVersion, () =>
      sales.updateProduct(
        {
          id,
          expectedVersion,
          name: body.name,
          productLine: body.productLine,
          listPrice: body.listPrice ? moneyToProto(body.listPrice) : undefined,
          cost: body.cost ? moneyToProto(body.cost) : undefined,
          active: body.active,
        },
        callOptionsOf(req),
      ),
    );
    sendVersioned(res, productToJson(product));
  });

  return router;
}
