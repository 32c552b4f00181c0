import type { commonV1 } from '@salesflow/contracts';
import { z } from 'zod';

/** Integer minor units as a string, number or bigint (proto int64 arrives as a string). */
export const minorUnits = z
  .union([z.string(), z.number(), z.bigint()])
  .transform((v, ctx) => {
    const text = String(v).trim();
    if (!/^-?\d+$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'must be a whole number of minor units' });
      return z.NEVER;
    }
    return BigInt(text);
  })
  .refine((v) => v >= 0n, 'must not be negative')
  .refine((v) => v <= 9_000_000_000_000_000n, 'is too large');

export const currencyCode = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY');

export const moneySchema = z.object({ amountMinor: minorUnits, currency: currencyCode });

export interface MoneyInput {
  amountMinor: string | number | bigint;
  currency: string;
}

export function money(amountMinor: bigint, currency: string): commonV1.Money {
  return { amountMinor: amountMinor.toString(), currency };
}
