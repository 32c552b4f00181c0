import type { commonV1 } from '@salesflow/contracts';
import {
  decodeCursor,
  encodeCursor,
  type OutboxOptions,
  ownerFilterOf,
  requirePermission,
  ServiceError,
  visibleOwnerIds,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase } from '../../database';
import type { Customer, CustomerLifecycle } from '../../generated/prisma/client';
import { csvLine, headerIndex, parseCsv } from '../csv/csv';
import { mergeCustomFieldValues } from '../custom-field/custom-field-values';
import { customerToProto } from '../customer/customer.mapper';
import { newCustomerSchema } from '../customer/customer.service';
import type { DuplicateMatch } from '../duplicate/duplicate';
import { normalizeCompanyName } from '../duplicate/duplicate-keys';
import { insertCustomers } from './bulk-insert';
import { BulkOutbox, chunks } from './bulk-outbox';
import {
  EXPORT_PAGE,
  IMPORT_BATCH,
  type ImportDuplicate,
  type ImportReport,
  type ImportRowError,
  MAX_IMPORT_ROWS,
} from './import-report';

export const CUSTOMER_CSV_COLUMNS = [
  'name',
  'industry',
  'region',
  'address',
  'latitude',
  'longitude',
  'tier',
  'lifecycle',
  'tags',
  'groups',
  'owner_id',
] as const;
const EXPORT_COLUMNS = ['id', ...CUSTOMER_CSV_COLUMNS, 'created_at'] as const;

const list = (text: string) =>
  text
    .split(/[;；]/)
    .map((v) => v.trim())
    .filter(Boolean);

interface GoodRow {
  row: number;
  customer: Customer;
}

/** CSV import and export of customers (客户导入导出). Custom field values are not imported. */
export class CustomerCsvService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly outbox: OutboxOptions,
  ) {}

  async import(principal: commonV1.Principal, csv: string, options: { force?: boolean } = {}): Promise<ImportReport> {
    requirePermission(principal, 'crm.customer.write');
    const [header, ...lines] = parseCsv(csv).filter((r) => r.some((f) => f.trim() !== ''));
    if (!header) throw ServiceError.invalid([{ field: 'csv', message: 'is empty' }]);
    if (lines.length > MAX_IMPORT_ROWS) {
      throw ServiceError.invalid([{ field: 'csv', message: `has more than ${MAX_IMPORT_ROWS} rows; split it` }]);
    }
    const columns = headerIndex(header);
    const unknown = [...columns.keys()].filter((c) => !(CUSTOMER_CSV_COLUMNS as readonly string[]).includes(c));
    if (!columns.has('name') || unknown.length > 0) {
      throw ServiceError.invalid([
        {
          field: 'csv',
          message: `the header needs name and may have ${CUSTOMER_CSV_COLUMNS.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
        },
      ]);
    }
    const owners = await visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
    // Required custom fields cannot be filled from this file: such rows are reported.
    const definitions = await this.db.customField.findMany({ where: { tenantId: principal.tenantId } });
    const missingCustom = mergeCustomFieldValues(definitions, {}, {}).errors;
    const cell = (fields: string[], name: string) => fields[columns.get(name) ?? -1] ?? '';
    const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

    const errors: ImportRowError[] = [];
    const good: GoodRow[] = [];
    const now = new Date();
    lines.forEach((fields, index) => {
      const row = index + 2;
      const ownerId = cell(fields, 'owner_id').trim() || principal.employeeId;
      const latitude = number(cell(fields, 'latitude'));
      const longitude = number(cell(fields, 'longitude'));
      const lifecycle = cell(fields, 'lifecycle').trim().toUpperCase();
      const parsed = newCustomerSchema.safeParse({
        name: cell(fields, 'name'),
        industry: cell(fields, 'industry'),
        region: cell(fields, 'region'),
        address: cell(fields, 'address'),
        ...(latitude !== undefined || longitude !== undefined
          ? { location: { latitude: latitude ?? Number.NaN, longitude: longitude ?? Number.NaN } }
          : {}),
        tier: cell(fields, 'tier'),
        ...(lifecycle ? { lifecycle } : {}),
        tags: list(cell(fields, 'tags')),
        groups: list(cell(fields, 'groups')),
      });
      const rowErrors: ImportRowError[] = parsed.success
        ? []
        : parsed.error.issues.map((i) => ({
            row,
            field: i.path[0] === 'location' ? String(i.path[1] ?? 'location') : String(i.path[0] ?? ''),
            message: i.message,
          }));
      if (!z.uuid().safeParse(ownerId).success) {
        rowErrors.push({ row, field: 'owner_id', message: 'is not an employee id' });
      } else if (owners && !owners.includes(ownerId)) {
        rowErrors.push({ row, field: 'owner_id', message: 'is not someone in your data scope' });
      }
      rowErrors.push(...missingCustom.map((e) => ({ row, ...e })));
      if (rowErrors.length > 0 || !parsed.success) {
        errors.push(...rowErrors);
        return;
      }
      const data = parsed.data;
      good.push({
        row,
        customer: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          name: data.name,
          industry: data.industry,
          region: data.region,
          address: data.address,
          latitude: data.location?.latitude ?? null,
          longitude: data.location?.longitude ?? null,
          tier: data.tier,
          lifecycle: data.lifecycle,
          tags: data.tags,
          groups: data.groups,
          ownerId,
          customFields: {},
          nameKey: normalizeCompanyName(data.name),
          version: 1,
          createdAt: now,
          updatedAt: now,
          lastFollowUpAt: null,
          nextFollowUpOn: null,
          churnReason: '',
          lifecycleChangedAt: null,
        },
      });
    });

    const duplicates = options.force ? [] : await this.duplicatesOf(principal, owners, good);
    const skipped = new Set(duplicates.map((d) => d.row));
    const toCreate = good.filter((g) => !skipped.has(g.row));
    for (const batch of chunks(toCreate, IMPORT_BATCH)) {
      await this.db.$transaction(
        async (tx) => {
          const created = batch.map((g) => g.customer);
          await insertCustomers(tx, created);
          const outbox = new BulkOutbox(this.outbox);
          for (const customer of created) {
            await outbox.add({
              type: 'crm.customer.created',
              tenantId: customer.tenantId,
              aggregateId: customer.id,
              aggregateVersion: customer.version,
              actorId: principal.employeeId,
              payload: { customer: customerToProto(customer) },
            });
          }
          await outbox.flush(tx);
        },
        { timeout: 60_000 },
      );
    }
    return { totalRows: lines.length, created: toCreate.length, errors, duplicates };
  }

  async exportPage(
    principal: commonV1.Principal,
    query: { cursor?: string; lifecycle?: CustomerLifecycle; ownerId?: string },
  ): Promise<{ csv: string; nextCursor: string }> {
    requirePermission(principal, 'crm.customer.read');
    const owners = await visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.db.customer.findMany({
      where: {
        tenantId: principal.tenantId,
        ...(query.lifecycle ? { lifecycle: query.lifecycle } : {}),
        ...(query.ownerId ? { ownerId: query.ownerId } : {}),
        AND: [
          ...(owners ? [{ ownerId: { in: owners } }] : []),
          ...(after
            ? [
                {
                  OR: [
                    { createdAt: { gt: new Date(after.at) } },
                    { createdAt: new Date(after.at), id: { gt: after.id } },
                  ],
                },
              ]
            : []),
        ],
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: EXPORT_PAGE + 1,
    });
    const page = rows.slice(0, EXPORT_PAGE);
    let csv = after ? '' : csvLine(EXPORT_COLUMNS);
    for (const customer of page) csv += csvLine(exportRow(customer));
    const last = page.at(-1);
    const nextCursor =
      rows.length > EXPORT_PAGE && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { csv, nextCursor };
  }

  private async duplicatesOf(
    principal: commonV1.Principal,
    owners: string[] | undefined,
    rows: GoodRow[],
  ): Promise<ImportDuplicate[]> {
    const keys = [...new Set(rows.map((r) => r.customer.nameKey).filter((k): k is string => !!k))];
    const existing = await this.db.$queryRaw<{ id: string; name: string; owner_id: string; name_key: string }[]>`
      SELECT id::text, name, owner_id::text, name_key FROM customers
      WHERE tenant_id = ${principal.tenantId}::uuid AND name_key = ANY(${keys}::text[])`;
    const byKey = new Map<string, DuplicateMatch[]>();
    for (const c of existing) {
      const visible = owners === undefined || owners.includes(c.owner_id);
      byKey.set(c.name_key, [
        ...(byKey.get(c.name_key) ?? []),
        {
          kind: 'customer',
          id: c.id,
          matchedOn: ['company'],
          visible,
          name: visible ? c.name : '',
          ownerId: visible ? c.owner_id : '',
        },
      ]);
    }
    const firstRow = new Map<string, number>();
    const duplicates: ImportDuplicate[] = [];
    for (const { row, customer } of rows) {
      const key = customer.nameKey;
      if (!key) continue;
      const matches = byKey.get(key) ?? [];
      const duplicateOfRow = firstRow.get(key) ?? 0;
      if (matches.length > 0 || duplicateOfRow > 0) duplicates.push({ row, matches, duplicateOfRow });
      else firstRow.set(key, row);
    }
    return duplicates;
  }
}

function exportRow(customer: Customer): (string | number | null)[] {
  return [
    customer.id,
    customer.name,
    customer.industry,
    customer.region,
    customer.address,
    customer.latitude,
    customer.longitude,
    customer.tier,
    customer.lifecycle.toLowerCase(),
    customer.tags.join(';'),
    customer.groups.join(';'),
    customer.ownerId,
    customer.createdAt.toISOString(),
  ];
}
