import type { Schemas } from '../api/client';

type Money = Schemas['Money'];

/** Money as the API sends it (integer minor units) shown with its currency: ¥120,000.00. */
export function formatMoney(money: Money | null | undefined, language = 'zh-CN'): string {
  if (!money) return '';
  return new Intl.NumberFormat(language, { style: 'currency', currency: money.currency }).format(
    money.amountMinor / 100,
  );
}

/** Several per-currency sums (board columns) on one line. */
export function formatTotals(totals: Money[], language = 'zh-CN'): string {
  return totals.map((m) => formatMoney(m, language)).join(' + ');
}

/**
 * An amount typed in yuan (two decimals) as the API's minor units. Rounded, because 0.1 + 0.2
 * style float noise must not reach an integer field.
 */
export function yuanToMoney(yuan: number, currency = 'CNY'): Money {
  return { amountMinor: Math.round(yuan * 100), currency };
}

/** Minor units back to yuan for a form's number input. */
export function moneyToYuan(money: Money | null | undefined): number | undefined {
  return money ? money.amountMinor / 100 : undefined;
}
