import { Router } from 'express';
import { openApiDocument, renderReferencePage } from '../openapi/document';
import { API_PREFIX } from '../openapi/registry';

const DOCUMENT_PATH = `${API_PREFIX}/openapi.json`;

/** The OpenAPI document and its reference page; both public. */
export function docsRoutes(): Router {
  const router = Router();

  router.get(DOCUMENT_PATH, (_req, res) => {
    res.json(openApiDocument());
  });

  router.get(`${API_PREFIX}/docs`, (_req, res) => {
    res.type('html').send(renderReferencePage(openApiDocument(), DOCUMENT_PATH));
  });

  return router;
}
