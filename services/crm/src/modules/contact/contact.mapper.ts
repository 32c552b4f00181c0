import type { crmV1 } from '@salesflow/contracts';
import type { Contact } from '../../generated/prisma/client';
import { formatIsoDate } from '../shared/validation';

export function contactToProto(contact: Contact): crmV1.Contact {
  return {
    id: contact.id,
    tenantId: contact.tenantId,
    customerId: contact.customerId,
    name: contact.name,
    title: contact.title,
    phones: contact.phones,
    email: contact.email,
    wechat: contact.wechat,
    birthday: contact.birthday ? formatIsoDate(contact.birthday) : '',
    primary: contact.primary,
    version: String(contact.version),
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
  };
}
