import { notificationsV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import type { WebhookService } from '../modules/webhook/webhook.service';

export function webhookServiceBinding(webhooks: WebhookService) {
  return bindService(notificationsV1.WebhookServiceService, {
    createWebhook: (request, context) => webhooks.create(requirePrincipal(context), request),
    listWebhooks: (request, context) => webhooks.list(requirePrincipal(context), request),
    getWebhook: async (request, context) => ({ webhook: await webhooks.get(requirePrincipal(context), request.id) }),
    updateWebhook: async (request, context) => ({ webhook: await webhooks.update(requirePrincipal(context), request) }),
    deleteWebhook: async (request, context) => {
      await webhooks.delete(requirePrincipal(context), request.id);
      return {};
    },
    listWebhookDeliveries: (request, context) => webhooks.deliveries(requirePrincipal(context), request),
    testWebhook: async (request, context) => ({ delivery: await webhooks.test(requirePrincipal(context), request.id) }),
  });
}
