import type { ServiceClients } from '../clients/service-clients';

/**
 * Every service client of the gateway, with the ones a spec calls given and the rest empty:
 * routes a spec does not exercise never touch them, and a new client does not touch every spec.
 */
export function stubClients(given: Partial<ServiceClients>): ServiceClients {
  return {
    identity: {},
    crm: {},
    tickets: {},
    tasks: {},
    analytics: {},
    ...given,
  } as ServiceClients;
}
