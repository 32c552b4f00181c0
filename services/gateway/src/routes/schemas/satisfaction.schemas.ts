import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { pageQueryShape, timestamp } from './common.schemas';

export const recordSurveyBodySchema = registry.register(
  'RecordSatisfactionSurveyRequest',
  z.strictObject({
    score: z.number().int().min(1).max(5).openapi({ description: '1-5; 4 and 5 count as satisfied.' }),
    comment: z.string().trim().max(2000).optional(),
    surveyedAt: z.iso.datetime().optional().openapi({ description: 'When the customer answered; defaults to now.' }),
  }),
);

export const satisfactionSurveySchema = registry.register(
  'SatisfactionSurvey',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    customerId: z.string(),
    score: z.number().int(),
    comment: z.string().nullable(),
    recordedBy: z.string().nullable(),
    surveyedAt: timestamp,
    createdAt: timestamp,
  }),
);

export const satisfactionSurveyPageSchema = registry.register(
  'SatisfactionSurveyPage',
  z.object({ items: z.array(satisfactionSurveySchema), nextCursor: z.string().nullable() }),
);

export const listSurveysQuerySchema = z.object({ ...pageQueryShape });
export const listAllSurveysQuerySchema = z.object({
  ...pageQueryShape,
  customerId: z.uuid().optional(),
});

export type SatisfactionSurveyJson = z.output<typeof satisfactionSurveySchema>;
