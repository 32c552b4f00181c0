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
import type { Lead, LeadSource, LeadStatus, Prisma } from '../../generated/prisma/client';
import { csvLine, headerIndex, parseCsv } from '../csv/csv';
import type { DuplicateMatch, MatchedOn } from '../duplicate/duplicate';
import { normalizeCompanyName } from '../duplicate/duplicate-keys';
import { leadToProto } from '../lead/lead.mapper';
import { newLeadSchema } from '../lead/lead.service';
import { leadChanges } from '../lead/lead-operations';
import { formatIsoDate } from '../shared/validation';
import { insertLeadOperations, insertLeads, type NewLeadOperation } from './bulk-insert';
import { BulkOutbox, chunks } from './bulk-outbox';
import {
  EXPORT_PAGE,
  IMPORT_BATCH,
  type ImportDuplicate,
  type ImportReport,
  type ImportRowError,
  MAX_IMPORT_ROWS,
} from './import-report';

export const LEAD_CSV_COLUMNS = ['name', 'company', 'phone', 'email', 'source', 'region', 'notes', 'owner_id'] as const;
const EXPORT_COLUMNS = [
  'id',
  ...LEAD_CSV_COLUMNS,
  'status',
  'pool_id',
  'next_follow_up_on',
  'last_follow_up_at',
  'created_at',
] as const;

/** API names, enum names and the Chinese channel names users type. */
const SOURCE_NAMES: Record<string, LeadSource> = {
  exhibition: 'EXHIBITION',
  展会: 'EXHIBITION',
  web: 'WEB',
  网站: 'WEB',
  官网: 'WEB',
  referral: 'REFERRAL',
  转介绍: 'REFERRAL',
  推荐: 'REFERRAL',
  campaign: 'CAMPAIGN',
  活动: 'CAMPAIGN',
  市场活动: 'CAMPAIGN',
  cold_call: 'COLD_CALL',
  陌拜: 'COLD_CALL',
  电话陌拜: 'COLD_CALL',
  other: 'OTHER',
  其他: 'OTHER',
};

interface GoodRow {
  row: number;
  lead: Lead;
}

/** CSV import and export of leads (线索导入导出). */
export class LeadCsvService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly outbox: OutboxOptions,
  ) {}

  /**
   * Creates the good rows, reports the bad ones (every problem of a row, by field) and the
   * look-alikes (of existing leads and customers, or of an earlier row), which are skipped
   * unless `force`. Nothing is merged silently.
   */
  async import(principal: commonV1.Principal, csv: string, options: { force?: boolean } = {}): Promise<ImportReport> {
    requirePermission(principal, 'crm.lead.write');
    const [header, ...lines] = parseCsv(csv).filter((r) => r.some((f) => f.trim() !== ''));
    if (!header) throw ServiceError.invalid([{ field: 'csv', message: 'is empty' }]);
    if (lines.length > MAX_IMPORT_ROWS) {
      throw ServiceError.invalid([{ field: 'csv', message: `has more than ${MAX_IMPORT_ROWS} rows; split it` }]);
    }
    const columns = headerIndex(header);
    const unknown = [...columns.keys()].filter((c) => !(LEAD_CSV_COLUMNS as readonly string[]).includes(c));
    if (!columns.has('name') || unknown.length > 0) {
      throw ServiceError.invalid([
        {
          field: 'csv',
          message: `the header needs name and may have ${LEAD_CSV_COLUMNS.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
        },
      ]);
    }
    const owners = await visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
    const cell = (fields: string[], name: string) => fields[columns.get(name) ?? -1] ?? '';

    const errors: ImportRowError[] = [];
    const good: GoodRow[] = [];
    const now = new Date();
    lines.forEach((fields, index) => {
      const row = index + 2;
      const sourceText = cell(fields, 'source').trim();
      const source = sourceText ? SOURCE_NAMES[sourceText.toLowerCase()] : 'OTHER';
      const ownerId = cell(fields, 'owner_id').trim() || principal.employeeId;
      const parsed = newLeadSchema.safeParse({
        name: cell(fields, 'name'),
        company: cell(fields, 'company'),
        phone: cell(fields, 'phone'),
        email: cell(fields, 'email'),
        source: source ?? 'OTHER',
        region: cell(fields, 'region'),
        notes: cell(fields, 'notes'),
      });
      const rowErrors: ImportRowError[] = parsed.success
        ? []
        : parsed.error.issues.map((i) => ({ row, field: String(i.path[0] ?? ''), message: i.message }));
      if (!source) rowErrors.push({ row, field: 'source', message: `is not a known channel: ${sourceText}` });
      if (!z.uuid().safeParse(ownerId).success) {
        rowErrors.push({ row, field: 'owner_id', message: 'is not an employee id' });
      } else if (owners && !owners.includes(ownerId)) {
        rowErrors.push({ row, field: 'owner_id', message: 'is not someone in your data scope' });
      }
      if (rowErrors.length > 0 || !parsed.success) {
        errors.push(...rowErrors);
        return;
      }
      const data = parsed.data;
      good.push({
        row,
        lead: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          name: data.name,
          company: data.company,
          phone: data.phone,
          email: data.email,
          source: data.source,
          region: data.region,
          notes: data.notes,
          status: 'NEW',
          ownerId,
          ownerSince: now,
          companyKey: normalizeCompanyName(data.company),
          version: 1,
          createdAt: now,
          updatedAt: now,
          lastFollowUpAt: null,
          nextFollowUpOn: null,
          poolId: null,
          convertedCustomerId: null,
          convertedContactId: null,
          convertedAt: null,
        },
      });
    });

    const duplicates = options.force ? [] : await this.duplicatesOf(principal, owners, good);
    const skipped = new Set(duplicates.map((d) => d.row));
    const toCreate = good.filter((g) => !skipped.has(g.row));
    for (const batch of chunks(toCreate, IMPORT_BATCH)) {
      await this.db.$transaction(
        async (tx) => {
          const created = batch.map((g) => g.lead);
          await insertLeads(tx, created);
          const outbox = new BulkOutbox(this.outbox);
          const operations: NewLeadOperation[] = [];
          const actorId = z.uuid().safeParse(principal.employeeId).success ? principal.employeeId : null;
          for (const lead of created) {
            operations.push({
              id: uuidv7(),
              tenantId: lead.tenantId,
              leadId: lead.id,
              action: 'created',
              actorId,
              after: { ...leadChanges(undefined, lead).after, via: 'import' },
            });
            await outbox.add({
              type: 'crm.lead.created',
              tenantId: lead.tenantId,
              aggregateId: lead.id,
              aggregateVersion: lead.version,
              actorId: principal.employeeId,
              payload: { lead: leadToProto(lead) },
            });
          }
          await insertLeadOperations(tx, operations);
          await outbox.flush(tx);
        },
        { timeout: 60_000 },
      );
    }
    return { totalRows: lines.length, created: toCreate.length, errors, duplicates };
  }

  /** One page of the leads the caller may see, as CSV (header on the first page), oldest first. */
  async exportPage(
    principal: commonV1.Principal,
    query: { cursor?: string; status?: LeadStatus; poolId?: string; ownerId?: string },
  ): Promise<{ csv: string; nextCursor: string }> {
    requirePermission(principal, 'crm.lead.read');
    const owners = await visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const and: Prisma.LeadWhereInput[] = [];
    if (owners) and.push({ OR: [{ ownerId: { in: owners } }, { ownerId: null }] });
    if (after) {
      and.push({
        OR: [{ createdAt: { gt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { gt: after.id } }],
      });
    }
    const rows = await this.db.lead.findMany({
      where: {
        tenantId: principal.tenantId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.poolId ? { poolId: query.poolId } : {}),
        ...(query.ownerId ? { ownerId: query.ownerId } : {}),
        AND: and,
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: EXPORT_PAGE + 1,
    });
    const page = rows.slice(0, EXPORT_PAGE);
    let csv = after ? '' : csvLine(EXPORT_COLUMNS);
    for (const lead of page) csv += csvLine(exportRow(lead));
    const last = page.at(-1);
    const nextCursor =
      rows.length > EXPORT_PAGE && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { csv, nextCursor };
  }

  /** Look-alikes among existing leads and customers, and earlier rows of the file. */
  private async duplicatesOf(
    principal: commonV1.Principal,
    owners: string[] | undefined,
    rows: GoodRow[],
  ): Promise<ImportDuplicate[]> {
    const phones = [...new Set(rows.map((r) => r.lead.phone).filter((v): v is string => !!v))];
    const emails = [...new Set(rows.map((r) => r.lead.email).filter((v): v is string => !!v))];
    const companies = [...new Set(rows.map((r) => r.lead.companyKey).filter((v): v is string => !!v))];
    const existing = new Map<string, DuplicateMatch[]>();
    const remember = (key: string, match: DuplicateMatch) => existing.set(key, [...(existing.get(key) ?? []), match]);
    const visible = (ownerId: string | null, poolOk: boolean) =>
      owners === undefined || (ownerId === null ? poolOk : owners.includes(ownerId));
    const match = (kind: 'lead' | 'customer', id: string, name: string, ownerId: string | null, poolOk: boolean) => {
      const seen = visible(ownerId, poolOk);
      return { kind, id, matchedOn: [], visible: seen, name: seen ? name : '', ownerId: seen ? (ownerId ?? '') : '' };
    };
    const leads = await this.db.$queryRaw<
      { id: string; name: string; owner_id: string | null; phone: string; email: string; company_key: string }[]
    >`
      SELECT id::text, name, owner_id::text, phone, email, company_key FROM leads
      WHERE tenant_id = ${principal.tenantId}::uuid
        AND (phone = ANY(${phones}::text[]) OR email = ANY(${emails}::text[]) OR company_key = ANY(${companies}::text[]))`;
    for (const l of leads) {
      const m = match('lead', l.id, l.name, l.owner_id, true);
      if (l.phone) remember(`phone:${l.phone}`, m);
      if (l.email) remember(`email:${l.email}`, m);
      if (l.company_key) remember(`company:${l.company_key}`, m);
    }
    const customers = await this.db.$queryRaw<{ id: string; name: string; owner_id: string; key: string }[]>`
      SELECT id::text, name, owner_id::text, 'company:' || name_key AS key FROM customers
      WHERE tenant_id = ${principal.tenantId}::uuid AND name_key = ANY(${companies}::text[])
      UNION ALL
      SELECT c.id::text, c.name, c.owner_id::text, 'phone:' || p.phone FROM contacts k
        JOIN customers c ON c.id = k.customer_id, unnest(k.phones) AS p(phone)
      WHERE k.tenant_id = ${principal.tenantId}::uuid AND k.phones && ${phones}::text[] AND p.phone = ANY(${phones}::text[])
      UNION ALL
      SELECT c.id::text, c.name, c.owner_id::text, 'email:' || k.email FROM contacts k
        JOIN customers c ON c.id = k.customer_id
      WHERE k.tenant_id = ${principal.tenantId}::uuid AND k.email = ANY(${emails}::text[])`;
    for (const c of customers) remember(c.key, match('customer', c.id, c.name, c.owner_id, false));

    const firstRow = new Map<string, number>();
    const duplicates: ImportDuplicate[] = [];
    for (const { row, lead } of rows) {
      const keys: [MatchedOn, string][] = [];
      if (lead.phone) keys.push(['phone', `phone:${lead.phone}`]);
      if (lead.email) keys.push(['email', `email:${lead.email}`]);
      if (lead.companyKey) keys.push(['company', `company:${lead.companyKey}`]);
      const byId = new Map<string, DuplicateMatch>();
      let duplicateOfRow = 0;
      for (const [on, key] of keys) {
        for (const m of existing.get(key) ?? []) {
          const seen = byId.get(m.id) ?? { ...m, matchedOn: [] };
          seen.matchedOn.push(on);
          byId.set(m.id, seen);
        }
        const earlier = firstRow.get(key);
        if (earlier !== undefined && duplicateOfRow === 0) duplicateOfRow = earlier;
      }
      if (byId.size > 0 || duplicateOfRow > 0) {
        duplicates.push({ row, matches: [...byId.values()], duplicateOfRow });
        continue;
      }
      for (const [, key] of keys) firstRow.set(key, row);
    }
    return duplicates;
  }
}

function exportRow(lead: Lead): (string | number | null)[] {
  return [
    lead.id,
    lead.name,
    lead.company,
    lead.phone,
    lead.email,
    lead.source.toLowerCase(),
    lead.region,
    lead.notes,
    lead.ownerId,
    lead.status.toLowerCase(),
    lead.poolId,
    lead.nextFollowUpOn ? formatIsoDate(lead.nextFollowUpOn) : '',
    lead.lastFollowUpAt?.toISOString() ?? '',
    lead.createdAt.toISOString(),
  ];
}
