import type { commonV1, crmV1 } from '@salesflow/contracts';
import { requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase } from '../../database';
import type { Prisma, SavedView } from '../../generated/prisma/client';
import { parseOrThrow } from '../shared/validation';
import { SavedViewError } from './saved-view.errors';
import { FILTER_SCHEMAS, MAX_FILTERS_BYTES, SAVED_VIEW_LISTS, type SavedViewList } from './saved-view-filters';

/** More would not fit a dropdown; people prune rather than scroll. */
export const MAX_VIEWS_PER_LIST = 50;

export interface SavedViewInput {
  list: string;
  name: string;
  /** A JSON object, as the API received it. */
  filtersJson: string;
}

const listSchema = z.enum(SAVED_VIEW_LISTS, { message: `must be one of ${SAVED_VIEW_LISTS.join(', ')}` });
const newViewSchema = z.object({
  list: listSchema,
  name: z.string().trim().min(1, 'is required').max(60, 'is longer than 60 characters'),
  filtersJson: z.string().max(MAX_FILTERS_BYTES, `is larger than ${MAX_FILTERS_BYTES / 1024} KB`),
});

/** The filters as an object of the list's keys, or a field error on `filters`. */
function parseFilters(list: SavedViewList, json: string): Record<string, unknown> {
  if (Buffer.byteLength(json, 'utf8') > MAX_FILTERS_BYTES) {
    throw ServiceError.invalid([{ field: 'filters', message: `is larger than ${MAX_FILTERS_BYTES / 1024} KB` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(json === '' ? '{}' : json);
  } catch (error) {
    throw new ServiceError('INVALID_ARGUMENT', 'filters are not JSON', {
      reason: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'filters', message: 'is not JSON' }],
      cause: error,
    });
  }
  const parsed = FILTER_SCHEMAS[list].safeParse(value);
  if (!parsed.success) {
    throw ServiceError.invalid(
      parsed.error.issues.map((i) => ({
        field: ['filters', ...i.path, ...('keys' in i ? i.keys : [])].join('.'),
        message: i.message,
      })),
      'saved view is invalid',
    );
  }
  return parsed.data;
}

export function savedViewToProto(view: SavedView): crmV1.SavedView {
  return {
    id: view.id,
    list: view.list,
    name: view.name,
    filtersJson: JSON.stringify(view.filters),
    createdAt: view.createdAt,
  };
}

/** Saved views (保存的筛选): each person's own named filter sets of a list. */
export class SavedViewService {
  constructor(private readonly db: CrmDatabase) {}

  async list(principal: commonV1.Principal, list: string): Promise<SavedView[]> {
    requirePermission(principal, 'crm.lead.read');
    const which = parseOrThrow(z.object({ list: listSchema }), { list }, 'saved view list').list;
    return this.db.savedView.findMany({
      where: { tenantId: principal.tenantId, employeeId: principal.employeeId, list: which },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
  }

  async create(principal: commonV1.Principal, input: SavedViewInput): Promise<SavedView> {
    requirePermission(principal, 'crm.lead.read');
    const data = parseOrThrow(newViewSchema, input, 'saved view');
    const filters = parseFilters(data.list, data.filtersJson) as Prisma.InputJsonObject;
    const owner = { tenantId: principal.tenantId, employeeId: principal.employeeId, list: data.list };
    try {
      return await this.db.$transaction(async (tx) => {
        // Serializes one person's concurrent saves so the count check holds.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`saved_views:${owner.tenantId}:${owner.employeeId}:${owner.list}`}))`;
        const count = await tx.savedView.count({ where: owner });
        if (count >= MAX_VIEWS_PER_LIST) throw SavedViewError.limitReached(MAX_VIEWS_PER_LIST);
        return tx.savedView.create({ data: { id: uuidv7(), ...owner, name: data.name, filters } });
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') throw SavedViewError.nameTaken(data.name);
      throw error;
    }
  }

  async delete(principal: commonV1.Principal, id: string): Promise<void> {
    requirePermission(principal, 'crm.lead.read');
    if (!z.uuid().safeParse(id).success) throw SavedViewError.notFound(id);
    const { count } = await this.db.savedView.deleteMany({
      where: { id, tenantId: principal.tenantId, employeeId: principal.employeeId },
    });
    if (count === 0) throw SavedViewError.notFound(id);
  }
}
