import { linesToForm, linesToRequest, linesTotalMinor } from './contract-lines.js';

describe('contract lines between the form and the API', () => {
  it('sends amounts in fen and leaves out what was not typed', () => {
    expect(
      linesToRequest([
        { productLine: ' 数控机床 ', quantity: 2, amount: 150000.1 },
        { productId: '0190f0f0-0000-7000-8000-000000000001', amount: 0.3, description: '  ' },
      ]),
    ).toEqual([
      // 150,000.10 yuan = 15,000,010 fen; the product line trimmed.
      { productLine: '数控机床', quantity: 2, amount: { amountMinor: 15000010, currency: 'CNY' } },
      // 0.3 yuan = 30 fen (not 29.999…); a blank description is left out.
      { productId: '0190f0f0-0000-7000-8000-000000000001', amount: { amountMinor: 30, currency: 'CNY' } },
    ]);
  });

  it('sums the typed amounts as the API totals them: 0.1 + 0.2 yuan is 30 fen', () => {
    expect(linesTotalMinor([{ amount: 0.1 }, { amount: 0.2 }, undefined, {}])).toBe(30);
  });

  it('reads a contract line back into yuan for amending', () => {
    const line = {
      id: 'l1',
      productId: null,
      productLine: '数控机床',
      quantity: 1.5,
      amount: { amountMinor: 30000000, currency: 'CNY' },
      cost: { amountMinor: 0, currency: 'CNY' },
      grossMargin: { amountMinor: 30000000, currency: 'CNY' },
      description: null,
    };
    expect(linesToForm([line])).toEqual([
      { productId: undefined, productLine: '数控机床', quantity: 1.5, amount: 300000, description: undefined },
    ]);
  });
});
