// Keep in step with the SQL backfill in prisma/migrations/20261124000500_duplicate_keys.
const LEGAL_FORM_SUFFIX = /(股份有限公司|有限责任公司|有限公司|公司|coltd|ltd|inc|llc|corp|corporation|company|co)$/u;

/**
 * A company or customer name reduced to what tells two apart: NFKC (full-width -> half-width),
 * lower case, no spaces or punctuation, without a trailing legal form. "上海 华信贸易有限公司" and
 * "上海华信贸易" get the same key; an empty name gets "" and never matches.
 */
export function normalizeCompanyName(name: string): string {
  const compact = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
  return compact.replace(LEGAL_FORM_SUFFIX, '');
}
