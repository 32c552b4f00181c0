import { type OutboxOptions, replicatedEmployee } from '@salesflow/platform';
import { v5 as uuidv5 } from 'uuid';
import type { FieldDatabase } from '../database';
import type { VisitPlanStatus, VisitPurpose } from '../generated/prisma/client';
import { localDayOf } from '../modules/calendar/local-day';
import { appendPlanEvent } from '../modules/visit-plan/visit-plan.service';
import type { DemoEmployee } from './demo-data';

const DEMO_NAMESPACE = '4aa80b11-7637-4891-8a99-e1791e76f13a';
const PURPOSES: readonly VisitPurpose[] = ['COLLECTION', 'ORDER', 'SERVICE', 'NEW_CUSTOMER', 'MARKET_RESEARCH'];
const TIMES = ['09:30', '11:00', '14:30'] as const;
/** Today's plan is approved, the next working day's waits for the supervisor, the one after is a draft. */
const STATUSES: readonly VisitPlanStatus[] = ['APPROVED', 'SUBMITTED', 'DRAFT'];

/**
 * Visit plans (每日拜访计划表) for each rep: today and the next two working days, at up to
 * three of the rep's customers (from the customer replica; a rep without customers gets none).
 * Ids are derived from names and existing plans are left alone: seeding twice changes nothing.
 */
export async function seedVisitPlanDemoData(
  db: FieldDatabase,
  reps: readonly DemoEmployee[],
  options: { now?: Date; timeZone?: string; outbox?: OutboxOptions } = {},
): Promise<{ plansCreated: number }> {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const outbox = options.outbox ?? { source: '/salesflow/field' };
  let plansCreated = 0;
  const days = workingDaysFrom(localDayOf(now, timeZone).date, STATUSES.length);
  for (const rep of reps) {
    const customers = await db.customerReplica.findMany({
      where: { tenantId: rep.tenantId, ownerId: rep.id, deleted: false },
      orderBy: { id: 'asc' },
      take: TIMES.length,
    });
    if (customers.length === 0) continue;
    const manager = (await replicatedEmployee(db, rep.tenantId, rep.id))?.managerId || null;
    for (const [index, date] of days.entries()) {
      const status = STATUSES[index] ?? 'DRAFT';
      const id = uuidv5(`salesflow-demo/field/visit-plan/${rep.id}/${date}`, DEMO_NAMESPACE);
      plansCreated += await db.$transaction(async (tx) => {
        if (
          await tx.visitPlan.findFirst({
            where: { tenantId: rep.tenantId, employeeId: rep.id, planDate: new Date(`${date}T00:00:00Z`) },
          })
        ) {
          return 0;
        }
        const decided = status === 'APPROVED' && manager;
        const plan = await tx.visitPlan.create({
          data: {
            id,
            tenantId: rep.tenantId,
            employeeId: rep.id,
            planDate: new Date(`${date}T00:00:00Z`),
            status: decided || status !== 'APPROVED' ? status : 'SUBMITTED',
            approverId: status === 'DRAFT' ? null : manager,
            submittedAt: status === 'DRAFT' ? null : now,
            ...(decided ? { decidedAt: now, decidedBy: manager, decisionComment: '同意，注意回款进度' } : {}),
            version: status === 'DRAFT' ? 1 : decided ? 3 : 2,
            items: {
              create: customers.map((customer, position) => ({
                id: uuidv5(`salesflow-demo/field/visit-plan-item/${id}/${position}`, DEMO_NAMESPACE),
                tenantId: rep.tenantId,
                position,
                customerId: customer.id,
                plannedTime: TIMES[position] ?? '16:00',
                purpose: PURPOSES[(index + position) % PURPOSES.length] ?? 'OTHER',
                notes: `拜访${customer.name}`,
              })),
            },
          },
          include: { items: { orderBy: { position: 'asc' } } },
        });
        if (plan.status !== 'DRAFT') await appendPlanEvent(tx, 'field.plan.submitted', plan, rep.id, outbox);
        if (plan.status === 'APPROVED') await appendPlanEvent(tx, 'field.plan.approved', plan, manager ?? '', outbox);
        return 1;
      });
    }
  }
  return { plansCreated };
}

/** `count` working days (Monday to Friday) from `date` on, `date` included when it is one. */
function workingDaysFrom(date: string, count: number): string[] {
  const days: string[] = [];
  for (let day = new Date(`${date}T00:00:00Z`); days.length < count; day = new Date(day.getTime() + 86_400_000)) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.push(day.toISOString().slice(0, 10));
  }
  return days;
}
