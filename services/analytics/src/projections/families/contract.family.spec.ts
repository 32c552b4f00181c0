import { commonV1, crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FoldContext } from '../fact-family';
import { RollupDelta } from '../rollup';
import { type ContractFact, contractFamily } from './contract.family';

const context: FoldContext = { departmentPathOf: () => '', dayOf: (d) => d.toISOString().slice(0, 10) };
/** Folds and insists on a state (the events below are never stale against nothing). */
function fold(previous: ContractFact | undefined, e: DomainEvent): ContractFact {
  const state = contractFamily.fold(previous, e, context);
  if (!state) throw new Error('no state');
  return state;
}
const money = (n: number) => ({ amountMinor: String(n), currency: 'CNY' });

function event(version: number, status: crmV1.ContractStatus, lines: [string, number][], type = 'crm.contract.signed') {
  return {
    id: `e${version}`,
    type,
    tenantId: 't',
    aggregateId: 'c',
    aggregateVersion: version,
    occurredAt: new Date('2026-07-05T04:00:00Z'),
    actorId: '',
    payload: crmV1.ContractChanged.fromPartial({
      contract: {
        id: 'c',
        status,
        signedOn: '2026-07-05',
        version: String(version),
        ownerId: 'rep',
        totalAmount: money(lines.reduce((s, [, a]) => s + a, 0)),
        lines: lines.map(([productLine, a]) => ({ productLine, amount: money(a) })),
      },
      attribution: commonV1.Attribution.fromPartial({ ownerId: 'rep', departmentPath: 'root/' }),
    }),
  } satisfies DomainEvent<crmV1.ContractChanged>;
}

describe('contract facts', () => {
  it('splits the amount over product lines and counts the contract once', () => {
    const fact = fold(
      undefined,
      event(1, 'CONTRACT_STATUS_SIGNED', [
        ['A', 100],
        ['B', 50],
        ['A', 25],
      ]),
    );
    // A: 100 + 25 = 125, B: 50; the count on line ''.
    expect(contractFamily.contributions(fact).map((c) => [c.key.productLine, c.measures])).toEqual([
      ['', { contracts: 1 }],
      ['A', { contract_amount_minor: 125 }],
      ['B', { contract_amount_minor: 50 }],
    ]);
  });

  it('ignores an older version and nets amendments and cancellations to the latest state', () => {
    const signed = fold(undefined, event(1, 'CONTRACT_STATUS_SIGNED', [['A', 100]]));
    const amended = fold(signed, event(2, 'CONTRACT_STATUS_SIGNED', [['A', 160]], 'crm.contract.amended'));
    expect(contractFamily.fold(amended, event(1, 'CONTRACT_STATUS_SIGNED', [['A', 100]]), context)).toBe(amended);
    const cancelled = fold(amended, event(3, 'CONTRACT_STATUS_CANCELLED', [['A', 160]], 'crm.contract.cancelled'));
    expect(cancelled?.status).toBe('CANCELLED');
    expect(contractFamily.contributions(cancelled)).toEqual([]);
    // The rollup delta of signed -> amended: +160 - 100 = +60 on A, the count unchanged.
    const delta = new RollupDelta();
    delta.add(contractFamily.contributions(signed), -1);
    delta.add(contractFamily.contributions(amended), 1);
    const cells = (
      delta as unknown as { cells: Map<string, { key: { productLine: string }; measures: Record<string, number> }> }
    ).cells;
    expect([...cells.values()].map((c) => [c.key.productLine, c.measures])).toEqual([
      ['', { contracts: 0 }],
      ['A', { contract_amount_minor: 60 }],
    ]);
  });
});
