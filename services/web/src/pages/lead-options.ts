import type { Schemas } from '../api/client';
import type { MessageKey } from '../i18n/messages';

export const LEAD_SOURCES: Schemas['LeadSource'][] = [
  'exhibition',
  'web',
  'referral',
  'campaign',
  'cold_call',
  'other',
];
export const LEAD_STATUSES: Schemas['LeadStatus'][] = [
  'new',
  'contacted',
  'qualified',
  'unqualified',
  'converted',
  'recycled',
];
export const FOLLOW_UP_METHODS: Schemas['FollowUpMethod'][] = ['phone', 'visit', 'wechat', 'email', 'meeting'];

/** Select options of an enum, labelled through the message catalog under `prefix.`. */
export function enumOptions<T extends string>(values: readonly T[], prefix: string, t: (key: MessageKey) => string) {
  return values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));
}
