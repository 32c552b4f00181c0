import { AsyncLocalStorage } from 'node:async_hooks';
import type { commonV1 } from '@salesflow/contracts';

/** What is known about the call being served: who asked, and the request id to echo. */
export interface CallContext {
  principal?: commonV1.Principal;
  requestId?: string;
}

const storage = new AsyncLocalStorage<CallContext>();

export function runInCallContext<T>(context: CallContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentCallContext(): CallContext | undefined {
  return storage.getStore();
}
