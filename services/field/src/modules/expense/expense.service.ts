import type { commonV1, fieldV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  type FieldError,
  type OutboxOptions,
  replicatedEmployee,
  requirePermission,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase, FieldTransaction } from '../../database';
import type { ApprovalStatus, Expense, ExpenseCategory } from '../../generated/prisma/client';
import { localDayOf } from '../calendar/local-day';
import { isUuid } from '../check-in/check-in.validation';
import type { ReportServiceOptions } from '../daily-report/daily-report.service';
import { decisionComment, requireApprover } from '../shared/approval';
import { checkVersion, conflictOnStaleWrite, FieldWorkError } from '../shared/field-work.errors';
import { dateColumn, fromDateColumn, isLocalDate } from '../shared/local-date';
import { newestFirst, pageOf, pageSize, pageWhere } from '../shared/paging';
import { canSee, ownersVisibleTo, requireEmployee, supervisorOf } from '../shared/people';
import { enumToProto } from '../shared/proto-enum';

export const EXPENSE_READ = 'field.expense.read';
export const EXPENSE_WRITE = 'field.expense.write';
export const EXPENSE_APPROVE = 'field.expense.approve';
export const EXPENSE_CATEGORIES = [
  'TRAVEL',
  'MEAL',
  'LODGING',
  'GIFT',
  'OTHER',
] as const satisfies readonly ExpenseCategory[];
/** 1 000 000.00 in minor units: anything larger is a typo, not a field expense. */
export const MAX_EXPENSE_MINOR = 100_000_000n;
const WHAT = 'expense';

export interface NewExpense {
  expenseDate?: string;
  category?: string;
  amountMinor?: string;
  currency?: string;
  customerId?: string;
  notes?: string;
}

export interface ExpenseFilter {
  status?: ApprovalStatus;
  from?: string;
  to?: string;
  awaitingMe?: boolean;
  limit?: number;
  cursor?: string;
}

/** 费用: a rep's expense, approved by their supervisor; approved ones are the sales cost. */
export class ExpenseService {
  private readonly clock: () => Date;

  constructor(
    private readonly db: FieldDatabase,
    private readonly options: ReportServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async submit(principal: commonV1.Principal, input: NewExpense): Promise<Expense> {
    requirePermission(principal, EXPENSE_WRITE);
    const employeeId = requireEmployee(principal);
    const errors: FieldError[] = [];
    const today = localDayOf(this.clock(), this.options.timeZone).date;
    const date = input.expenseDate ?? '';
    if (!isLocalDate(date)) errors.push({ field: 'expenseDate', message: 'must be a date YYYY-MM-DD' });
    else if (date > today) errors.push({ field: 'expenseDate', message: 'must not be after today' });
    const category = input.category ?? '';
    if (!(EXPENSE_CATEGORIES as readonly string[]).includes(category)) {
      errors.push({ field: 'category', message: `must be one of ${EXPENSE_CATEGORIES.join(', ')}` });
    }
    let amount = 0n;
    if (!/^\d{1,15}$/.test(input.amountMinor ?? ''))
      errors.push({ field: 'amount.amountMinor', message: 'must be a whole number of minor units' });
    else {
      amount = BigInt(input.amountMinor ?? '0');
      if (amount <= 0n) errors.push({ field: 'amount.amountMinor', message: 'must be more than zero' });
      else if (amount > MAX_EXPENSE_MINOR)
        errors.push({ field: 'amount.amountMinor', message: 'is larger than 1 000 000.00' });
    }
    const currency = input.currency ?? '';
    if (!/^[A-Z]{3}$/.test(currency))
      errors.push({ field: 'amount.currency', message: 'must be an ISO 4217 code such as CNY' });
    const customerId = input.customerId?.trim() || null;
    if (customerId && !isUuid(customerId)) errors.push({ field: 'customerId', message: 'is not a customer id' });
    const notes = input.notes?.trim() ?? '';
    if (notes.length > 2000) errors.push({ field: 'notes', message: 'is longer than 2000 characters' });
    if (errors.length > 0) throw FieldWorkError.invalid(errors, 'expense is invalid');

    return this.db.$transaction(async (tx) => {
      const approverId = await supervisorOf(tx, principal.tenantId, employeeId);
      if (!approverId) throw FieldWorkError.noSupervisor();
      const owner = await replicatedEmployee(tx, principal.tenantId, employeeId);
      const expense = await tx.expense.create({
        data: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          employeeId,
          departmentId: owner?.departmentId ?? principal.departmentId,
          departmentPath: owner?.departmentPath ?? principal.departmentPath,
          expenseDate: dateColumn(date),
          category: category as ExpenseCategory,
          amountMinor: amount,
          currency,
          customerId,
          notes,
          approverId,
          createdAt: this.clock(),
        },
      });
      await this.announce(tx, expense, 'field.expense.submitted', employeeId);
      return expense;
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<Expense> {
    requirePermission(principal, EXPENSE_READ);
    const expense = isUuid(id)
      ? await this.db.expense.findFirst({ where: { id, tenantId: principal.tenantId } })
      : null;
    if (!expense) throw FieldWorkError.notFound(WHAT, id);
    if (expense.approverId === principal.employeeId) return expense;
    if (!canSee(await ownersVisibleTo(this.db, principal), expense.employeeId)) throw FieldWorkError.notFound(WHAT, id);
    return expense;
  }

  async list(principal: commonV1.Principal, filter: ExpenseFilter): Promise<{ items: Expense[]; nextCursor: string }> {
    requirePermission(principal, EXPENSE_READ);
    const errors: FieldError[] = [];
    if (filter.from && !isLocalDate(filter.from)) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
    if (filter.to && !isLocalDate(filter.to)) errors.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
    if (errors.length > 0) throw FieldWorkError.invalid(errors);
    const owners = filter.awaitingMe ? undefined : await ownersVisibleTo(this.db, principal);
    const limit = pageSize(filter.limit);
    const rows = await this.db.expense.findMany({
      where: {
        tenantId: principal.tenantId,
        AND: [
          filter.awaitingMe
            ? { approverId: principal.employeeId, status: 'PENDING' as const }
            : owners
              ? { OR: [{ employeeId: { in: owners } }, { approverId: principal.employeeId }] }
              : {},
          filter.status ? { status: filter.status } : {},
          filter.from ? { expenseDate: { gte: dateColumn(filter.from) } } : {},
          filter.to ? { expenseDate: { lte: dateColumn(filter.to) } } : {},
          pageWhere(filter.cursor),
        ],
      },
      orderBy: newestFirst,
      take: limit + 1,
    });
    return pageOf(rows, limit);
  }

  async decide(
    principal: commonV1.Principal,
    id: string,
    expectedVersion: string,
    approve: boolean,
    comment: string,
  ): Promise<Expense> {
    requirePermission(principal, EXPENSE_APPROVE);
    const text = decisionComment(approve, comment);
    return conflictOnStaleWrite(WHAT, () =>
      this.db.$transaction(async (tx) => {
        const expense = isUuid(id) ? await tx.expense.findFirst({ where: { id, tenantId: principal.tenantId } }) : null;
        if (!expense) throw FieldWorkError.notFound(WHAT, id);
        await requireApprover(tx, principal, expense, { what: WHAT, notFoundAs: WHAT, id });
        checkVersion(expectedVersion, expense.version, WHAT);
        if (expense.status !== 'PENDING') throw FieldWorkError.wrongStatus(WHAT, expense.status, 'decide on');
        const decided = await tx.expense.update({
          where: { id: expense.id, version: expense.version },
          data: {
            status: approve ? 'APPROVED' : 'REJECTED',
            decisionComment: text,
            decidedAt: this.clock(),
            version: { increment: 1 },
          },
        });
        await this.announce(
          tx,
          decided,
          approve ? 'field.expense.approved' : 'field.expense.rejected',
          principal.employeeId,
        );
        return decided;
      }),
    );
  }

  private async announce(tx: FieldTransaction, expense: Expense, type: string, actorId: string): Promise<void> {
    await announceExpense(tx, expense, type, actorId, this.options.outbox, this.clock());
  }
}

/** `field.expense.*` with the expense and its attribution (also used by the handover). */
export async function announceExpense(
  tx: FieldTransaction,
  expense: Expense,
  type: string,
  actorId: string,
  outbox: OutboxOptions,
  occurredAt: Date,
): Promise<void> {
  const payload: fieldV1.ExpenseChanged = {
    expense: expenseToProto(expense),
    attribution: {
      ownerId: expense.employeeId,
      departmentId: expense.departmentId,
      departmentPath: expense.departmentPath,
      customerId: expense.customerId ?? '',
      region: '',
      customerSegment: '',
    },
  };
  await appendToOutbox(
    tx,
    {
      type,
      tenantId: expense.tenantId,
      aggregateId: expense.id,
      aggregateVersion: expense.version,
      actorId,
      payload,
      occurredAt,
    },
    outbox,
  );
}

export function expenseToProto(expense: Expense): fieldV1.Expense {
  return {
    id: expense.id,
    tenantId: expense.tenantId,
    employeeId: expense.employeeId,
    expenseDate: fromDateColumn(expense.expenseDate),
    category: enumToProto('EXPENSE_CATEGORY_', expense.category),
    amount: { amountMinor: String(expense.amountMinor), currency: expense.currency },
    customerId: expense.customerId ?? '',
    notes: expense.notes,
    status: enumToProto('APPROVAL_STATUS_', expense.status),
    approverId: expense.approverId ?? '',
    decisionComment: expense.decisionComment,
    ...(expense.decidedAt ? { decidedAt: expense.decidedAt } : {}),
    version: String(expense.version),
    createdAt: expense.createdAt,
  };
}
