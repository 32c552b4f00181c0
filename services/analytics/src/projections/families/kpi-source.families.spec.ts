import { commonV1, fieldV1, goalsV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily, FoldContext } from '../fact-family';
import { type DailyReportFact, dailyReportFamily } from './daily-report.family';
import { type ExpenseFact, expenseFamily } from './expense.family';
import { type TargetFact, targetFamily } from './target.family';

const context: FoldContext = { departmentPathOf: () => 'root/d1/', dayOf: (d) => d.toISOString().slice(0, 10) };

function envelope<P>(type: string, version: number, payload: P): DomainEvent<P> {
  return {
    id: `${type}-${version}`,
    type,
    tenantId: 't',
    aggregateId: 'x',
    aggregateVersion: version,
    occurredAt: new Date('2026-07-05T04:00:00Z'),
    actorId: '',
    payload,
  };
}

function foldAll<S>(family: FactFamily<S>, events: DomainEvent[]): S | undefined {
  return events.reduce<S | undefined>((state, e) => family.fold(state, e, context), undefined);
}

const expense = (version: number, status: fieldV1.ApprovalStatus) =>
  envelope(
    `field.expense.${version}`,
    version,
    fieldV1.ExpenseChanged.fromPartial({
      expense: {
        id: 'e',
        employeeId: 'rep',
        expenseDate: '2026-07-03',
        amount: { amountMinor: '6000', currency: 'CNY' },
        status,
        version: String(version),
      },
      attribution: commonV1.Attribution.fromPartial({ ownerId: 'rep', departmentPath: 'root/d1/', region: '华东' }),
    }),
  );

describe('expense facts (sales cost)', () => {
  it('counts an approved expense on its date, whatever order its events came in', () => {
    const fact = foldAll(expenseFamily, [
      expense(2, 'APPROVAL_STATUS_APPROVED'),
      expense(1, 'APPROVAL_STATUS_PENDING'),
    ]) as ExpenseFact;
    expect(fact).toMatchObject({ status: 'APPROVED', version: 2, departmentPath: 'root/d1/', region: '华东' });
    expect(expenseFamily.contributions(fact)).toEqual([
      {
        key: expect.objectContaining({ day: '2026-07-03', employeeId: 'rep' }),
        measures: { sales_cost_minor: 6000, expenses: 1 },
      },
    ]);
  });

  it('counts nothing for a pending or rejected expense', () => {
    for (const status of ['APPROVAL_STATUS_PENDING', 'APPROVAL_STATUS_REJECTED'] as const) {
      expect(expenseFamily.contributions(foldAll(expenseFamily, [expense(1, status)]) as ExpenseFact)).toEqual([]);
    }
  });
});

const report = (version: number, late: boolean, type = 'field.daily_report.submitted') =>
  envelope(
    type,
    version,
    fieldV1.DailyReportChanged.fromPartial({
      report: { id: 'r', employeeId: 'rep', reportDate: '2026-07-01', late, version: String(version) },
    }),
  );

describe('daily report facts (report timeliness)', () => {
  it('keeps a reviewed report submitted and on time, and takes late from the latest submission', () => {
    const reviewed = foldAll(dailyReportFamily, [
      report(1, false),
      report(2, false, 'field.daily_report.reviewed'),
    ]) as DailyReportFact;
    expect(dailyReportFamily.contributions(reviewed)[0]?.measures).toEqual({
      reports_submitted: 1,
      reports_on_time: 1,
    });
    // Returned (v2), resubmitted late (v3); the return arriving last changes nothing.
    const resubmitted = foldAll(dailyReportFamily, [
      report(1, false),
      report(3, true),
      report(2, false, 'field.daily_report.returned'),
    ]) as DailyReportFact;
    expect(resubmitted).toMatchObject({ version: 3, late: true, departmentPath: 'root/d1/' });
    expect(dailyReportFamily.contributions(resubmitted)[0]?.measures).toEqual({
      reports_submitted: 1,
      reports_on_time: 0,
    });
  });
});

const node = (id: string, version: number, achieved: number) =>
  goalsV1.Target.fromPartial({
    id,
    metric: 'TARGET_METRIC_CONTRACT_AMOUNT',
    scope: 'TARGET_SCOPE_TENANT',
    periodStart: '2026-07-01',
    periodEnd: '2026-08-01',
    value: '200000',
    achieved: String(achieved),
    version: String(version),
  });

describe('target facts (target completion)', () => {
  it('keeps the latest achieved of a node and adds nothing to the rollups', () => {
    const fact = foldAll(targetFamily, [
      envelope(
        'goals.target.progress_changed',
        3,
        goalsV1.TargetProgressChanged.fromPartial({ target: node('T', 3, 150_000) }),
      ),
      envelope(
        'goals.target.progress_changed',
        2,
        goalsV1.TargetProgressChanged.fromPartial({ target: node('T', 2, 100_000) }),
      ),
    ]) as TargetFact;
    expect(fact).toMatchObject({ metric: 'CONTRACT_AMOUNT', scope: 'TENANT', achieved: 150_000, value: 200_000 });
    expect(targetFamily.contributions(fact)).toEqual([]);
  });

  it('reads a decomposition as an event of its parent node', () => {
    const decomposed = envelope(
      'goals.target.decomposed',
      2,
      goalsV1.TargetDecomposed.fromPartial({ parent: node('P', 2, 0), children: [node('C1', 1, 0)], axis: 'TIME' }),
    );
    expect(targetFamily.factIdOf(decomposed)).toBe('P');
    expect(targetFamily.fold(undefined, decomposed, context)).toMatchObject({ targetId: 'P', version: 2 });
  });

  it('keeps a deleted node as a tombstone that an older event arriving later does not revive', () => {
    const fact = foldAll(targetFamily, [
      envelope('goals.target.created', 1, goalsV1.TargetCreated.fromPartial({ target: node('T', 1, 0) })),
      // Deleted after one progress change (version 2): the deletion is version 3.
      envelope('goals.target.deleted', 3, goalsV1.TargetDeleted.fromPartial({ target: node('T', 3, 50_000) })),
      envelope(
        'goals.target.progress_changed',
        2,
        goalsV1.TargetProgressChanged.fromPartial({ target: node('T', 2, 50_000) }),
      ),
    ]) as TargetFact;
    expect(fact).toMatchObject({ targetId: 'T', version: 3, deleted: true, achieved: 50_000 });
  });
});
