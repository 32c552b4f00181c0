/** Where a stage sits in the sales process. */
export type StageKind = 'OPEN' | 'WON' | 'LOST';

/** Opportunity fields a stage can require before an opportunity may enter it. */
export const REQUIRABLE_FIELDS = ['amount', 'expectedCloseOn', 'productLine'] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

export interface StageTemplate {
  key: string;
  name: string;
  kind: StageKind;
  probability: number;
  requiredFields: RequirableField[];
}

/**
 * The sales process every tenant starts with (DOMAIN §4). A proposal cannot be presented
 * without an amount, and negotiation needs an expected close date as well.
 */
export const DEFAULT_STAGES: readonly StageTemplate[] = [
  { key: 'prospecting', name: '潜在客户开发', kind: 'OPEN', probability: 10, requiredFields: [] },
  { key: 'first_contact', name: '初步接触', kind: 'OPEN', probability: 20, requiredFields: [] },
  { key: 'needs_analysis', name: '需求分析', kind: 'OPEN', probability: 40, requiredFields: [] },
  { key: 'proposal', name: '方案呈现', kind: 'OPEN', probability: 60, requiredFields: ['amount'] },
  {
    key: 'negotiation',
    name: '谈判签约',
    kind: 'OPEN',
    probability: 80,
    requiredFields: ['amount', 'expectedCloseOn'],
  },
  { key: 'won', name: '赢单', kind: 'WON', probability: 100, requiredFields: ['amount'] },
  { key: 'lost', name: '输单', kind: 'LOST', probability: 0, requiredFields: [] },
];

export const DEFAULT_PIPELINE_NAME = '默认销售流程';

/** 输单原因 a tenant starts with; the tenant can replace the list. */
export const DEFAULT_LOST_REASONS: readonly string[] = [
  '价格过高',
  '选择了竞争对手',
  '预算不足',
  '需求取消',
  '联系不上',
  '其他',
];
