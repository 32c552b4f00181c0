// Generated bindings (src/gen, produced by `pnpm generate`) and the topic catalog.

export { Any } from './gen/google/protobuf/any';
export * from './gen/index';
export * as analyticsV1 from './gen/index.salesflow.analytics.v1';
export * as commonV1 from './gen/index.salesflow.common.v1';
export * as crmV1 from './gen/index.salesflow.crm.v1';
export * as eventsV1 from './gen/index.salesflow.events.v1';
export * as fieldV1 from './gen/index.salesflow.field.v1';
export * as goalsV1 from './gen/index.salesflow.goals.v1';
export * as identityV1 from './gen/index.salesflow.identity.v1';
export * as notificationsV1 from './gen/index.salesflow.notifications.v1';
export * from './topics';

/** The FileDescriptorSet of every proto (built by `pnpm generate`), served by gRPC reflection. */
export const descriptorSetPath: string = require.resolve('./gen/descriptors.binpb');
