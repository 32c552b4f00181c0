import { normalizeCompanyName } from './duplicate-keys';

describe('normalizeCompanyName', () => {
  it('gives variants of one company the same key', () => {
    const key = normalizeCompanyName('上海华信贸易有限公司');
    expect(key).toBe('上海华信贸易');
    for (const variant of [
      '上海 华信贸易',
      '上海华信贸易（有限公司）',
      '上海华信贸易股份有限公司',
      '上海华信贸易公司',
    ]) {
      expect(normalizeCompanyName(variant)).toBe(key);
    }
    expect(normalizeCompanyName('Acme Trading Co., Ltd.')).toBe('acmetrading');
    expect(normalizeCompanyName('ＡＣＭＥ Inc.')).toBe('acme');
  });

  it('keeps different companies apart and empty names empty', () => {
    expect(normalizeCompanyName('华信贸易')).not.toBe(normalizeCompanyName('华信物流'));
    expect(normalizeCompanyName('  ')).toBe('');
  });
});
