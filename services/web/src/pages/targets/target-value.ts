// No imports: pure logic, unit-tested as it is (the test build resolves only explicit paths).

/** A node's value as its form field takes it: yuan for money metrics (the API counts fen), the count otherwise. */
export function targetValueToInput(value: number, money: boolean): number {
  return money ? value / 100 : value;
}

/** What was typed back into the API's value: fen for money metrics (rounded: no float noise), the count otherwise. */
export function inputToTargetValue(input: number, money: boolean): number {
  return money ? Math.round(input * 100) : Math.round(input);
}
