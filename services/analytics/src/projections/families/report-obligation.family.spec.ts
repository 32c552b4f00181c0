import { fieldV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FoldContext } from '../fact-family';
import { calendarDayIn } from '../projector';
import { reportObligationFamily } from './report-obligation.family';

const context: FoldContext = {
  departmentPathOf: (_tenant, employee) => ({ 'rep-a': 'root/replica/' })[employee] ?? '',
  dayOf: calendarDayIn('Asia/Shanghai'),
};

function settled(
  version: number,
  expected: boolean,
  onTime: boolean,
  departmentPath = 'root/d1/',
): DomainEvent<fieldV1.ReportObligationSettled> {
  return {
    id: `e${version}`,
    type: 'field.report_obligation.settled',
    tenantId: 't',
    aggregateId: 'o1',
    aggregateVersion: version,
    occurredAt: new Date('2026-07-02T02:00:00Z'),
    actorId: '',
    payload: fieldV1.ReportObligationSettled.fromPartial({
      obligation: {
        id: 'o1',
        employeeId: 'rep-a',
        departmentPath,
        reportDate: '2026-07-01',
        expected,
        onTime,
        version: String(version),
      },
    }),
  };
}

const contributionsAfter = (...events: DomainEvent<fieldV1.ReportObligationSettled>[]) => {
  let state: ReturnType<typeof reportObligationFamily.fold>;
  for (const e of events) state = reportObligationFamily.fold(state, e, context);
  return state ? reportObligationFamily.contributions(state) : [];
};

describe('reportObligationFamily', () => {
  it('counts an expected day on its report date, on time or not', () => {
    const [onTime] = contributionsAfter(settled(1, true, true));
    expect(onTime).toEqual({
      key: {
        tenantId: 't',
        day: '2026-07-01',
        employeeId: 'rep-a',
        departmentPath: 'root/d1/',
        productLine: '',
        region: '',
        segment: '',
      },
      measures: { reports_expected: 1, reports_expected_on_time: 1 },
    });
    expect(contributionsAfter(settled(1, true, false))[0]?.measures).toEqual({
      reports_expected: 1,
      reports_expected_on_time: 0,
    });
  });

  it('counts an excused day nowhere, and keeps the latest version whatever the order', () => {
    expect(contributionsAfter(settled(1, false, true))).toEqual([]);
    // Re-settled as excused (v2) before the first settling (v1) arrives: still excused.
    expect(contributionsAfter(settled(2, false, false), settled(1, true, false))).toEqual([]);
    expect(contributionsAfter(settled(1, true, false), settled(2, false, false))).toEqual([]);
  });

  it("takes field's frozen department path, the replica's only when field sent none", () => {
    expect(contributionsAfter(settled(1, true, true, ''))[0]?.key.departmentPath).toBe('root/replica/');
  });
});
