import { type AttributedFact, latestFacts } from './progress-attribution';

function fact(
  tenantId: string,
  factId: string,
  metric: 'CONTRACT_AMOUNT' | 'GROSS_MARGIN',
  amount: bigint,
  version: bigint,
) {
  return {
    tenantId,
    actorId: '',
    fact: {
      factId,
      metric,
      factDate: '2026-03-01',
      ownerId: 'o',
      departmentPath: '',
      region: '',
      customerSegment: '',
      amount,
      productLineAmounts: {},
      sourceVersion: version,
    },
  } satisfies AttributedFact;
}

const summary = (facts: AttributedFact[]) =>
  facts.map((f) => `${f.tenantId}/${f.fact.factId}/${f.fact.metric}=${f.fact.amount}@${f.fact.sourceVersion}`);

describe('latestFacts', () => {
  it('keeps per tenant, fact and metric the highest version, the later one on a tie', () => {
    const batch = [
      fact('t1', 'contract:a', 'CONTRACT_AMOUNT', 300n, 1n),
      fact('t1', 'contract:a', 'GROSS_MARGIN', 75n, 1n),
      fact('t1', 'contract:a', 'CONTRACT_AMOUNT', 450n, 3n),
      fact('t1', 'contract:a', 'CONTRACT_AMOUNT', 400n, 2n), // older than 3: ignored
      fact('t2', 'contract:a', 'CONTRACT_AMOUNT', 10n, 1n), // another tenant: its own fact
      fact('t1', 'contract:b', 'CONTRACT_AMOUNT', 5n, 1n),
      fact('t1', 'contract:b', 'CONTRACT_AMOUNT', 6n, 1n), // same version, later: wins
    ];
    expect(summary(latestFacts(batch))).toEqual([
      't1/contract:a/GROSS_MARGIN=75@1',
      't1/contract:a/CONTRACT_AMOUNT=450@3',
      't2/contract:a/CONTRACT_AMOUNT=10@1',
      't1/contract:b/CONTRACT_AMOUNT=6@1',
    ]);
  });

  it('gives nothing for nothing', () => {
    expect(latestFacts([])).toEqual([]);
  });
});
