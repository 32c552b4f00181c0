// No imports: pure logic, unit-tested as it is (the test build resolves only explicit paths).
interface Money {
  amountMinor: number;
  currency: string;
}
/** A line as POST /contracts and PUT /contracts/{id}/lines take it. */
interface LineRequest {
  productId?: string;
  productLine?: string;
  quantity?: number;
  amount: Money;
  description?: string;
}
/** A line as a contract carries it (the fields read back into the form). */
interface ContractLine {
  productId: string | null;
  productLine: string;
  quantity: number;
  amount: Money;
  description: string | null;
}

/** A contract line as the form holds it: amounts in yuan, everything optional while typed. */
export interface LineForm {
  productId?: string;
  productLine?: string;
  quantity?: number;
  amount?: number;
  description?: string;
}

/**
 * The form's lines as the API takes them (create and amend share the shape): amounts in minor
 * units of the contract's currency, fields left empty left out so the API applies its defaults
 * (quantity 1, the product's product line).
 */
export function linesToRequest(lines: LineForm[], currency = 'CNY'): LineRequest[] {
  return lines.map((line) => ({
    ...(line.productId ? { productId: line.productId } : {}),
    ...(line.productLine?.trim() ? { productLine: line.productLine.trim() } : {}),
    ...(line.quantity ? { quantity: line.quantity } : {}),
    // Rounded: 0.1 + 0.2 style float noise must not reach the API's integer minor units.
    amount: { amountMinor: Math.round((line.amount ?? 0) * 100), currency },
    ...(line.description?.trim() ? { description: line.description.trim() } : {}),
  }));
}

/** A contract's lines back into the form, for amending them. */
export function linesToForm(lines: readonly ContractLine[]): LineForm[] {
  return lines.map((line) => ({
    productId: line.productId ?? undefined,
    productLine: line.productLine,
    quantity: line.quantity,
    amount: line.amount.amountMinor / 100,
    description: line.description ?? undefined,
  }));
}

/** The sum of the typed amounts in minor units, as the API will total them. */
export function linesTotalMinor(lines: (LineForm | undefined)[]): number {
  return lines.reduce((sum, line) => sum + Math.round((line?.amount ?? 0) * 100), 0);
}
