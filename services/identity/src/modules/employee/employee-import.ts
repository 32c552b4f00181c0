import type { commonV1, identityV1 } from '@salesflow/contracts';
import { type OutboxOptions, requirePermission, ServiceError } from '@salesflow/platform';
import { parse } from 'csv-parse/sync';
import type { IdentityDatabase } from '../../database';
import { hashPassword } from '../auth/password-hasher';
import { isUuid } from '../shared/validation';
import type { EmployeeWithOrg } from './employee.repository';
import { checkGrantable, createEmployee } from './employee.service';
import { validateEmployeeFields } from './employee.validation';

export const IMPORT_COLUMNS = ['name', 'email', 'phone', 'department', 'title', 'roles', 'password'] as const;
export const MAX_IMPORT_ROWS = 5000;

export type ImportRowError = identityV1.ImportRowError;

/** A row that passed the checks that need no database. */
export interface ImportRow {
  line: number;
  name: string;
  email: string;
  phone: string | undefined;
  /** A department id or name, resolved against the tenant's departments later. */
  department: string;
  title: string;
  roleCodes: string[];
  password: string | undefined;
}

interface ParsedCsv {
  rows: { line: number; cells: string[] }[];
}

/**
 * Parses the CSV; a header other than IMPORT_COLUMNS, unreadable CSV or too many rows is an
 * INVALID_ARGUMENT for the whole file (nothing is written).
 */
export function parseImportCsv(csv: string): ParsedCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse returns { record, info } per row; its typings do not say so.
    records = parse(csv, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw ServiceError.invalid(
      [{ field: 'csv', message: `is not readable CSV: ${error instanceof Error ? error.message : 'parse error'}` }],
      'CSV is malformed',
    );
  }
  const [header, ...data] = records;
  const names = header?.record.map((h) => h.trim().toLowerCase()) ?? [];
  if (names.join(',') !== IMPORT_COLUMNS.join(',')) {
    throw ServiceError.invalid(
      [{ field: 'csv', message: `needs the header row ${IMPORT_COLUMNS.join(',')}` }],
      'CSV header is wrong',
    );
  }
  if (data.length > MAX_IMPORT_ROWS) {
    throw ServiceError.invalid([{ field: 'csv', message: `has more than ${MAX_IMPORT_ROWS} rows` }], 'CSV is too long');
  }
  return { rows: data.map((r) => ({ line: r.info.lines, cells: r.record })) };
}

/** The checks of one row that need no database (pure). */
export function validateImportRow(
  line: number,
  cells: readonly string[],
): { row?: ImportRow; errors: ImportRowError[] } {
  if (cells.length !== IMPORT_COLUMNS.length) {
    return {
      errors: [{ line, field: 'row', message: `has ${cells.length} columns, expected ${IMPORT_COLUMNS.length}` }],
    };
  }
  const [name = '', email = '', phone = '', department = '', title = '', roles = '', password = ''] = cells;
  const errors: ImportRowError[] = [];
  const fields = validateEmployeeFields({ name, email, phone, title, password });
  if (!fields.ok) errors.push(...fields.errors.map((e) => ({ line, ...e })));
  if (!department.trim()) errors.push({ line, field: 'department', message: 'is required' });
  const roleCodes = roles
    .split('|')
    .map((r) => r.trim())
    .filter(Boolean);
  if (!fields.ok || errors.length) return { errors };
  return {
    row: { line, ...fields.value, department: department.trim(), roleCodes: [...new Set(roleCodes)] },
    errors,
  };
}

/**
 * Imports employees from CSV: every row is checked (fields, department, roles, duplicates in the
 * file and in the tenant); the good rows are created in one transaction, each with its log entry
 * and event; the bad ones come back with their line and field.
 */
export class EmployeeImporter {
  constructor(
    private readonly db: IdentityDatabase,
    private readonly outbox: OutboxOptions,
  ) {}

  async import(
    principal: commonV1.Principal,
    csv: string,
  ): Promise<{ created: EmployeeWithOrg[]; errors: ImportRowError[]; rowsTotal: number }> {
    requirePermission(principal, 'identity.employee.write');
    const { rows } = parseImportCsv(csv);
    const tenantId = principal.tenantId;
    const [departments, roles] = await Promise.all([
      this.db.department.findMany({ where: { tenantId }, select: { id: true, name: true } }),
      this.db.role.findMany({ where: { tenantId }, select: { code: true, permissions: true } }),
    ]);
    const candidates: ImportRow[] = [];
    const errors: ImportRowError[] = [];
    for (const { line, cells } of rows) {
      const result = validateImportRow(line, cells);
      errors.push(...result.errors);
      if (result.row) candidates.push(result.row);
    }

    const emails = new Map<string, number>();
    const phones = new Map<string, number>();
    const existing = await this.db.employee.findMany({
      where: {
        tenantId,
        OR: [
          { email: { in: candidates.map((c) => c.email) } },
          { phone: { in: candidates.flatMap((c) => (c.phone ? [c.phone] : [])) } },
        ],
      },
      select: { email: true, phone: true },
    });
    const takenEmails = new Set(existing.map((e) => e.email));
    const takenPhones = new Set(existing.flatMap((e) => (e.phone ? [e.phone] : [])));
    const good: (ImportRow & { departmentId: string })[] = [];
    for (const row of candidates) {
      const rowErrors: ImportRowError[] = [];
      const line = row.line;
      const byId = isUuid(row.department) ? departments.find((d) => d.id === row.department) : undefined;
      const byName = byId ? [byId] : departments.filter((d) => d.name === row.department);
      if (byName.length === 0) rowErrors.push({ line, field: 'department', message: 'is not a department' });
      if (byName.length > 1)
        rowErrors.push({ line, field: 'department', message: 'names several departments: use the id' });
      const unknown = row.roleCodes.filter((code) => !roles.some((r) => r.code === code));
      if (unknown.length) rowErrors.push({ line, field: 'roles', message: `unknown roles ${unknown.join(', ')}` });
      else {
        try {
          checkGrantable(
            principal,
            roles.filter((r) => row.roleCodes.includes(r.code)),
          );
        } catch (error) {
          if (!(error instanceof ServiceError)) throw error;
          rowErrors.push({ line, field: 'roles', message: error.message });
        }
      }
      if (takenEmails.has(row.email))
        rowErrors.push({ line, field: 'email', message: 'is already used by another employee' });
      else if (emails.has(row.email))
        rowErrors.push({ line, field: 'email', message: `duplicates line ${emails.get(row.email)}` });
      if (row.phone) {
        if (takenPhones.has(row.phone))
          rowErrors.push({ line, field: 'phone', message: 'is already used by another employee' });
        else if (phones.has(row.phone))
          rowErrors.push({ line, field: 'phone', message: `duplicates line ${phones.get(row.phone)}` });
      }
      if (!emails.has(row.email)) emails.set(row.email, line);
      if (row.phone && !phones.has(row.phone)) phones.set(row.phone, line);
      const department = byName.length === 1 ? byName[0] : undefined;
      if (rowErrors.length || !department) errors.push(...rowErrors);
      else good.push({ ...row, departmentId: department.id });
    }

    // argon2 is slow on purpose: hash before the transaction, a few at a time.
    const hashes = new Map<number, string>();
    for (let i = 0; i < good.length; i += 8) {
      await Promise.all(
        good.slice(i, i + 8).map(async (row) => {
          if (row.password) hashes.set(row.line, await hashPassword(row.password));
        }),
      );
    }
    const created = good.length
      ? await this.db.$transaction(
          async (tx) => {
            const out: EmployeeWithOrg[] = [];
            for (const row of good) {
              const passwordHash = hashes.get(row.line);
              out.push(
                await createEmployee(
                  tx,
                  {
                    tenantId,
                    departmentId: row.departmentId,
                    name: row.name,
                    email: row.email,
                    ...(row.phone ? { phone: row.phone } : {}),
                    title: row.title,
                    ...(passwordHash ? { passwordHash } : {}),
                    roleCodes: row.roleCodes,
                  },
                  { outbox: this.outbox, actorId: principal.employeeId },
                ),
              );
            }
            return out;
          },
          { timeout: 600_000, maxWait: 30_000 },
        )
      : [];
    errors.sort((a, b) => a.line - b.line);
    return { created, errors, rowsTotal: rows.length };
  }
}
