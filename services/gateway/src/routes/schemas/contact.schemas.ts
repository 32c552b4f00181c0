import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { isoDate, timestamp } from './common.schemas';

const phones = z
  .array(z.string().trim().min(1).max(50))
  .max(5)
  .openapi({ example: ['+86 138-0013-8000'] });

export const createContactBodySchema = registry.register(
  'CreateContactRequest',
  z.strictObject({
    name: z.string().trim().min(1).max(100).openapi({ example: '李娜' }),
    title: z.string().trim().max(100).optional().openapi({ example: '采购经理' }),
    phones: phones.optional(),
    email: z.email().max(254).optional(),
    wechat: z.string().trim().max(100).optional(),
    birthday: isoDate.optional(),
    primary: z.boolean().optional().openapi({
      description: "Makes this the customer's primary contact. The first contact is primary anyway.",
    }),
  }),
);

export const updateContactBodySchema = registry.register(
  'UpdateContactRequest',
  z.strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    title: z.string().trim().max(100).optional(),
    phones: phones.optional().openapi({ description: 'Replaces the numbers.' }),
    email: z
      .union([z.email().max(254), z.literal('')])
      .optional()
      .openapi({ description: '"" clears it.' }),
    wechat: z.string().trim().max(100).optional(),
    birthday: isoDate.nullable().optional().openapi({ description: 'null clears it.' }),
    primary: z.literal(true).optional().openapi({
      description: 'Moves the primary flag here. There is always exactly one primary: mark another instead of false.',
    }),
  }),
);

export const contactSchema = registry.register(
  'Contact',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    customerId: z.string().openapi({ format: 'uuid' }),
    name: z.string(),
    title: z.string().nullable(),
    phones: z.array(z.string()),
    email: z.string().nullable(),
    wechat: z.string().nullable(),
    birthday: z.string().nullable().openapi({ format: 'date' }),
    primary: z.boolean(),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const contactListSchema = registry.register('ContactList', z.object({ items: z.array(contactSchema) }));

export const customerContactParamsSchema = z.object({
  id: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The customer id.' }),
  contactId: z.string().min(1).max(100).openapi({ format: 'uuid', description: 'The contact id.' }),
});

export const birthdaysQuerySchema = z.object({
  within: z
    .string()
    .regex(/^\d{1,2}d$/, 'must be a number of days like 7d')
    .default('7d')
    .transform((w) => Number(w.slice(0, -1)))
    .refine((days) => days >= 1 && days <= 60, 'must be between 1d and 60d')
    .openapi({ description: 'Today through today + N days, N in 1..60; 7d by default.', example: '7d' }),
});

export const upcomingBirthdaySchema = registry.register(
  'UpcomingBirthday',
  z.object({
    contact: contactSchema,
    customerName: z.string(),
    date: z.string().openapi({ format: 'date', description: 'The coming birthday.' }),
    daysUntil: z.number().int().openapi({ description: '0 = today.' }),
  }),
);

export const upcomingBirthdayListSchema = registry.register(
  'UpcomingBirthdayList',
  z.object({ items: z.array(upcomingBirthdaySchema) }),
);

export type CreateContactBody = z.output<typeof createContactBodySchema>;
export type UpdateContactBody = z.output<typeof updateContactBodySchema>;
export type ContactJson = z.output<typeof contactSchema>;
