import { crmV1, fieldV1 } from '@salesflow/contracts';
import { contractFacts, customerFacts, localDay, paymentFacts, visitFacts } from './progress-facts';

const money = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'CNY' });
const attribution = {
  ownerId: 'rep-1',
  departmentId: 'd2',
  departmentPath: '/d1/d2/',
  region: '华东',
  customerSegment: 'KA',
};

function signed(status = crmV1.ContractStatus.CONTRACT_STATUS_SIGNED) {
  return crmV1.ContractChanged.fromPartial({
    contract: {
      id: 'c-1',
      ownerId: 'someone-else-now',
      signedOn: '2026-03-10',
      status,
      version: '3',
      lines: [
        { productLine: 'A', amount: money(200), grossMargin: money(50) },
        { productLine: 'A', amount: money(100), grossMargin: money(30) },
        { productLine: 'B', amount: money(60), grossMargin: money(6) },
      ],
      totalAmount: money(360),
      grossMargin: money(86),
    },
    attribution,
  });
}

describe('contractFacts', () => {
  it('counts amount and margin on the signed day, per product line, for the owner at the time', () => {
    const [amount, margin] = contractFacts('crm.contract.signed', signed());
    // Lines A: 200 + 100 = 300, B: 60; margins A: 50 + 30 = 80, B: 6.
    expect(amount).toEqual({
      factId: 'contract:c-1',
      metric: 'CONTRACT_AMOUNT',
      factDate: '2026-03-10',
      ownerId: 'rep-1',
      departmentPath: '/d1/d2/',
      region: '华东',
      customerSegment: 'KA',
      amount: 360n,
      productLineAmounts: { A: '300', B: '60' },
      sourceVersion: 3n,
    });
    expect(margin).toMatchObject({ metric: 'GROSS_MARGIN', amount: 86n, productLineAmounts: { A: '80', B: '6' } });
  });

  it('counts a cancelled contract as nothing, and an unsigned one not at all', () => {
    expect(contractFacts('crm.contract.cancelled', signed()).map((f) => f.amount)).toEqual([0n, 0n]);
    const draft = signed();
    if (draft.contract) draft.contract.signedOn = '';
    expect(contractFacts('crm.contract.amended', draft)).toEqual([]);
  });
});

describe('paymentFacts', () => {
  it('counts a received payment and zero for a reversed one', () => {
    const payload = crmV1.PaymentChanged.fromPartial({
      payment: { id: 'p-1', receivedOn: '2026-05-01', amount: money(400), version: '1' },
      attribution,
      productLineSplit: [
        { productLine: 'A', amountMinor: '300' },
        { productLine: 'B', amountMinor: '100' },
      ],
    });
    expect(paymentFacts('crm.payment.received', payload)[0]).toMatchObject({
      factId: 'payment:p-1',
      metric: 'PAYMENT_AMOUNT',
      amount: 400n,
      productLineAmounts: { A: '300', B: '100' },
    });
    expect(paymentFacts('crm.payment.reversed', payload)[0]).toMatchObject({ amount: 0n, productLineAmounts: {} });
  });
});

describe('visitFacts', () => {
  const visit = (first: boolean) =>
    fieldV1.VisitRecorded.fromPartial({
      visit: { id: 'v-1', employeeId: 'rep-1', localDate: '2026-07-01', firstVisitToCustomer: first, version: '2' },
      attribution,
    });

  it('counts a visit, a new outlet on the first visit, and an effective visit', () => {
    expect(visitFacts('field.visit.completed', visit(false)).map((f) => f.metric)).toEqual(['VISITS']);
    expect(visitFacts('field.visit.completed', visit(true)).map((f) => f.metric)).toEqual(['VISITS', 'NEW_OUTLETS']);
    expect(visitFacts('field.visit.effective', visit(true)).map((f) => [f.metric, f.amount])).toEqual([
      ['EFFECTIVE_VISITS', 1n],
    ]);
  });
});

describe('customerFacts', () => {
  it('counts a new customer on its day in the tenant time zone', () => {
    // 2026-06-30 17:00 UTC is 2026-07-01 01:00 in Shanghai (UTC+8).
    const payload = crmV1.CustomerChanged.fromPartial({
      customer: {
        id: 'cu-1',
        ownerId: 'rep-1',
        region: '华南',
        tier: 'A',
        version: '1',
        createdAt: new Date('2026-06-30T17:00:00Z'),
      },
    });
    expect(customerFacts(payload, '/d1/', 'Asia/Shanghai')).toEqual([
      expect.objectContaining({
        factId: 'customer:cu-1',
        metric: 'NEW_CUSTOMERS',
        factDate: '2026-07-01',
        amount: 1n,
        region: '华南',
        customerSegment: 'A',
        departmentPath: '/d1/',
      }),
    ]);
    expect(localDay(new Date('2026-06-30T17:00:00Z'), 'UTC')).toBe('2026-06-30');
  });
});
