// Only the message types (with an explicit path: the unit-test build resolves .js to .ts).
import type { MessageKey } from '../i18n/messages.js';

/** The accessible name of the `index`-th star (0-based) of a rating: "4 星" / "4 stars". */
export function starName(index: number, t: (key: MessageKey) => string): string {
  const count = index + 1;
  return t(count === 1 ? 'rate.starOne' : 'rate.starMany').replace('{count}', String(count));
}
