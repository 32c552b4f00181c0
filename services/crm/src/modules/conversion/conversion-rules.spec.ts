import {
  applyConversionMappings,
  type ConversionMapping,
  conversionMappingsSchema,
  DEFAULT_CONVERSION_MAPPINGS,
  unknownCustomFieldTargets,
} from './conversion-rules';

const lead = {
  name: '王建国',
  company: '华信贸易',
  phone: '+8613800138000',
  email: 'wang@huaxin.example.cn',
  region: '华东',
  notes: '',
  source: 'EXHIBITION' as const,
};

describe('applyConversionMappings', () => {
  it('maps a lead by the built-in rules', () => {
    expect(applyConversionMappings(DEFAULT_CONVERSION_MAPPINGS, lead, new Map())).toEqual({
      customer: { name: '华信贸易', region: '华东', customFields: {} },
      contact: { name: '王建国', phones: ['+8613800138000'], email: 'wang@huaxin.example.cn' },
    });
  });

  it('uses defaults for empty fields, types custom values and falls back for the names', () => {
    const rules: ConversionMapping[] = [
      { source: 'notes', target: 'customer.industry', defaultValue: '未分类' },
      { source: '', target: 'customer.tags', defaultValue: '展会, 新客户' },
      { source: 'source', target: 'customer.custom_fields.channel', defaultValue: '' },
      { source: '', target: 'customer.custom_fields.score', defaultValue: '80' },
      { source: '', target: 'customer.custom_fields.lines', defaultValue: 'a，b' },
    ];
    const types = new Map([
      ['score', 'NUMBER' as const],
      ['lines', 'MULTI_SELECT' as const],
      ['channel', 'TEXT' as const],
    ]);
    expect(applyConversionMappings(rules, { ...lead, company: ' ' }, types)).toEqual({
      customer: {
        name: '王建国',
        industry: '未分类',
        tags: ['展会', '新客户'],
        customFields: { channel: 'exhibition', score: 80, lines: ['a', 'b'] },
      },
      contact: { name: '王建国' },
    });
  });
});

describe('conversion rule validation', () => {
  it('names bad sources, targets, empty rules and unknown custom fields', () => {
    const parsed = conversionMappingsSchema.safeParse([
      { source: 'salary', target: 'customer.name', defaultValue: '' },
      { source: 'name', target: 'customer.owner', defaultValue: '' },
      { source: '', target: 'contact.title', defaultValue: ' ' },
    ]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['0.source', '1.target', '2.defaultValue']);
    expect(
      unknownCustomFieldTargets(
        [{ source: 'name', target: 'customer.custom_fields.vip', defaultValue: '' }],
        new Set(['score']),
      ),
    ).toEqual([{ field: 'mappings.0.target', message: 'names a custom field this tenant does not have' }]);
  });
});
