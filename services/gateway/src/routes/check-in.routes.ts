import { type RequestHandler, Router } from 'express';
import multer from 'multer';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { VisitsClient } from '../clients/service-clients';
import { requireVisitsClient } from '../clients/visits-client';
import { UnsupportedMediaTypeError } from '../http/http-errors';
import { present } from '../http/respond';
import { validate } from '../http/validate';
import { API_PREFIX, authenticatedProblems, BEARER_AUTH, problemResponse, registry } from '../openapi/registry';
import { checkInFieldsToProto, checkInToJson, visitToJson } from './mappers/field-visit.mapper';
import { createCheckInFieldsSchema, photoParamsSchema, recordedCheckInSchema } from './schemas/field-visit.schemas';

const PATH = `${API_PREFIX}/check-ins`;
const security = [{ [BEARER_AUTH]: [] }];
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS = 3;

registry.registerPath({
  method: 'post',
  path: PATH,
  operationId: 'createCheckIn',
  tags: ['check-ins'],
  summary: 'Check in or out at a customer (外勤签到), with photos',
  description:
    'Needs field.checkin.write. Send multipart/form-data: the fields below as form fields and up to 3 files `photos` (JPEG, PNG or WebP, 5 MB each), or the fields as JSON without photos. The service measures the distance to the customer, checks the geofence, flags implausible jumps and, on a check-out, closes the visit.',
  security,
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: createCheckInFieldsSchema.extend({}).openapi({
            description: 'Plus `photos`: up to 3 binary files.',
          }),
        },
        'application/json': { schema: createCheckInFieldsSchema },
      },
    },
  },
  responses: {
    201: { description: 'Recorded.', content: { 'application/json': { schema: recordedCheckInSchema } } },
    400: problemResponse('A field is not valid.'),
    409: problemResponse('A check-out without an open check-in that day.'),
    413: problemResponse('A photo is larger than 5 MB, or more than 3 photos.'),
    415: problemResponse('A photo is not JPEG, PNG or WebP.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: `${PATH}/{id}/photos/{photoId}`,
  operationId: 'getCheckInPhoto',
  tags: ['check-ins'],
  summary: 'A photo taken with a check-in',
  description: 'Needs field.checkin.read: your own check-ins, or those your data scope reaches.',
  security,
  request: { params: photoParamsSchema },
  responses: {
    200: {
      description: 'The image.',
      content: {
        'image/jpeg': { schema: { type: 'string', format: 'binary' } },
        'image/png': { schema: { type: 'string', format: 'binary' } },
        'image/webp': { schema: { type: 'string', format: 'binary' } },
      },
    },
    404: problemResponse('No such check-in or photo, or not one you may see.'),
    ...authenticatedProblems,
  },
});

/** multipart/form-data parsing with the photo limits; files stay in memory (15 MB at most). */
function photoUpload(): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 20, fieldSize: 4096 },
    fileFilter: (_req, file, accept) => {
      if (PHOTO_TYPES.includes(file.mimetype)) accept(null, true);
      else accept(new UnsupportedMediaTypeError(`photos as ${PHOTO_TYPES.join(', ')} (got ${file.mimetype})`));
    },
  }).array('photos', MAX_PHOTOS);
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next();
      return;
    }
    upload(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        // LIMIT_FILE_SIZE, LIMIT_FILE_COUNT and LIMIT_UNEXPECTED_FILE (a 4th "photos") are all "too large";
        // the error handler answers body-parser's shape with a 413 problem.
        const tooLarge = ['LIMIT_FILE_SIZE', 'LIMIT_FILE_COUNT', 'LIMIT_UNEXPECTED_FILE', 'LIMIT_FIELD_VALUE'];
        next(tooLarge.includes(error.code) ? { status: 413, type: 'entity.too.large', message: error.message } : error);
        return;
      }
      next(error);
    });
  };
}

export function checkInRoutes(deps: { visits: VisitsClient | undefined; authenticate: RequestHandler }): Router {
  const router = Router();
  const { authenticate } = deps;
  const visits = () => requireVisitsClient(deps.visits);

  router.post(PATH, authenticate, requirePermission('field.checkin.write'), photoUpload(), async (req, res) => {
    const fields = validate(createCheckInFieldsSchema, req.body ?? {}, 'body');
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    const { checkIn, visit } = await visits().recordCheckInWithPhotos(
      checkInFieldsToProto(
        fields,
        files.map((f) => ({ contentType: f.mimetype, data: f.buffer })),
      ),
      callOptionsOf(req),
    );
    res.status(201).json({
      checkIn: checkInToJson(present(checkIn, 'field', 'check-in')),
      visit: visit ? visitToJson(visit) : null,
    });
  });

  router.get(`${PATH}/:id/photos/:photoId`, authenticate, requirePermission('field.checkin.read'), async (req, res) => {
    const { id, photoId } = validate(photoParamsSchema, req.params, 'params');
    const photo = await visits().getCheckInPhoto({ checkInId: id, photoId }, callOptionsOf(req));
    res.setHeader('Cache-Control', 'private, max-age=86400, immutable');
    res.type(photo.contentType).send(Buffer.from(photo.data));
  });

  return router;
}
