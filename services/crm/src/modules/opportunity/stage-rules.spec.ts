import { isBackwards, missingRequiredFields, stageMoveErrors } from './stage-rules';

const stage = (id: string, position: number, kind = 'OPEN', requiredFields: string[] = []) => ({
  id,
  name: id,
  position,
  kind,
  requiredFields,
});
const blank = { amountMinor: null, expectedCloseOn: null, productLine: '' };

describe('stage rules', () => {
  it('names every required field that is empty; a zero amount is not an amount', () => {
    const proposal = stage('proposal', 3, 'OPEN', ['amount', 'expectedCloseOn']);
    expect(missingRequiredFields(proposal, { ...blank, amountMinor: 0n })).toEqual([
      { field: 'amount', message: 'is required to enter stage proposal' },
      { field: 'expectedCloseOn', message: 'is required to enter stage proposal' },
    ]);
    expect(missingRequiredFields(proposal, { ...blank, amountMinor: 1n, expectedCloseOn: new Date() })).toEqual([]);
  });

  it('asks a reason for a backwards move and a listed lost reason for a loss', () => {
    const a = stage('a', 1);
    const b = stage('b', 2);
    const won = stage('won', 5, 'WON');
    const lost = stage('lost', 6, 'LOST');
    expect(isBackwards(b, a)).toBe(true);
    expect(isBackwards(won, a)).toBe(true);
    expect(isBackwards(won, lost)).toBe(false);
    expect(stageMoveErrors(b, a, blank, { reason: ' ', lostReason: '' }, []).map((e) => e.field)).toEqual(['reason']);
    expect(stageMoveErrors(b, a, blank, { reason: '客户换人', lostReason: '' }, [])).toEqual([]);
    expect(
      stageMoveErrors(a, lost, blank, { reason: '', lostReason: '随便' }, ['价格过高']).map((e) => e.field),
    ).toEqual(['lostReason']);
    expect(stageMoveErrors(a, a, blank, { reason: '', lostReason: '' }, []).map((e) => e.field)).toEqual(['stageId']);
  });
});
