import { z } from 'zod';
import { registry } from '../../openapi/registry';
import { pageQueryShape, timestamp } from './common.schemas';

// API names of crm's ticket enums: the proto names without prefix, lowercase.
export const TICKET_TYPES = ['complaint', 'service', 'inquiry'] as const;
export const TICKET_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const TICKET_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type TicketTypeName = (typeof TICKET_TYPES)[number];
export type TicketSeverityName = (typeof TICKET_SEVERITIES)[number];
export type TicketStatusName = (typeof TICKET_STATUSES)[number];

export const ticketTypeSchema = registry.register(
  'TicketType',
  z.enum(TICKET_TYPES).openapi({ description: '客户投诉 (complaint), 售后服务 (service) or an inquiry.' }),
);
export const ticketSeveritySchema = registry.register(
  'TicketSeverity',
  z
    .enum(TICKET_SEVERITIES)
    .openapi({ description: 'Sets the due time: the response time of this severity in /service-settings.' }),
);
export const ticketStatusSchema = registry.register(
  'TicketStatus',
  z.enum(TICKET_STATUSES).openapi({
    description: 'open -> in_progress -> resolved -> closed; resolved or closed may be reopened (back to open).',
  }),
);

export const createTicketBodySchema = registry.register(
  'CreateTicketRequest',
  z.strictObject({
    type: ticketTypeSchema,
    severity: ticketSeveritySchema,
    customerId: z.uuid(),
    title: z.string().trim().min(1).max(200).openapi({ example: '设备异响' }),
    description: z.string().trim().max(5000).optional(),
    assigneeId: z.uuid().optional().openapi({ description: 'Defaults to you.' }),
  }),
);

export const updateTicketBodySchema = registry.register(
  'UpdateTicketRequest',
  z
    .strictObject({
      title: z.string().trim().min(1).max(200).optional(),
      description: z.string().trim().max(5000).optional(),
      severity: ticketSeveritySchema.optional().openapi({ description: 'Does not move the due time.' }),
    })
    .openapi({ description: 'Fields left out stay as they are.' }),
);

export const assignTicketBodySchema = registry.register(
  'AssignTicketRequest',
  z.strictObject({ assigneeId: z.uuid(), comment: z.string().trim().max(2000).optional() }),
);

export const changeTicketStatusBodySchema = registry.register(
  'ChangeTicketStatusRequest',
  z.strictObject({
    status: ticketStatusSchema,
    resolution: z.string().trim().max(5000).optional().openapi({ description: 'Required to resolve.' }),
    comment: z.string().trim().max(2000).optional().openapi({ description: 'Kept in the history.' }),
  }),
);

export const rateTicketBodySchema = registry.register(
  'RateTicketRequest',
  z.strictObject({
    rating: z.number().int().min(1).max(5).openapi({ description: '1-5; 4 and 5 count as satisfied.' }),
    comment: z.string().trim().max(2000).optional(),
  }),
);

export const ticketSchema = registry.register(
  'Ticket',
  z.object({
    id: z.string().openapi({ format: 'uuid' }),
    type: z.union([ticketTypeSchema, z.null()]),
    severity: z.union([ticketSeveritySchema, z.null()]),
    customerId: z.string(),
    title: z.string(),
    description: z.string(),
    assigneeId: z.string().nullable(),
    status: z.union([ticketStatusSchema, z.null()]),
    resolution: z.string().nullable(),
    dueAt: timestamp.openapi({ description: 'When it must be resolved.' }),
    overdue: z.boolean().openapi({ description: 'Still open or in progress after dueAt.' }),
    resolvedAt: timestamp,
    closedAt: timestamp,
    satisfactionRating: z.number().int().nullable().openapi({ description: '1-5 once rated.' }),
    satisfactionComment: z.string().nullable(),
    ratedAt: timestamp,
    reopenCount: z.number().int(),
    openedBy: z.string().nullable(),
    version: z.number().int().openapi({ description: 'Also sent as the ETag.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const ticketPageSchema = registry.register(
  'TicketPage',
  z.object({
    items: z.array(ticketSchema),
    nextCursor: z.string().nullable().openapi({ description: 'null on the last page.' }),
  }),
);

export const listTicketsQuerySchema = z.object({
  ...pageQueryShape,
  status: ticketStatusSchema.optional(),
  type: ticketTypeSchema.optional(),
  severity: ticketSeveritySchema.optional(),
  customerId: z.uuid().optional(),
  assigneeId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'true: only open or in-progress tickets past their due time, earliest due first.' }),
});

export const ticketTransitionSchema = registry.register(
  'TicketTransition',
  z.object({
    action: z.string().openapi({ description: 'opened, assigned, started, resolved, closed, reopened or rated.' }),
    fromStatus: z.union([ticketStatusSchema, z.null()]),
    toStatus: z.union([ticketStatusSchema, z.null()]),
    actorId: z.string().nullable().openapi({ description: 'null for system moves (handover on departure).' }),
    comment: z.string().nullable(),
    occurredAt: timestamp,
  }),
);

export const ticketHistorySchema = registry.register(
  'TicketHistory',
  z.object({ items: z.array(ticketTransitionSchema) }),
);

export type CreateTicketBody = z.output<typeof createTicketBodySchema>;
export type UpdateTicketBody = z.output<typeof updateTicketBodySchema>;
export type ListTicketsQuery = z.output<typeof listTicketsQuerySchema>;
export type TicketJson = z.output<typeof ticketSchema>;
export type TicketTransitionJson = z.output<typeof ticketTransitionSchema>;
