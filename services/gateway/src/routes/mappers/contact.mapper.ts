import type { crmV1 } from '@salesflow/contracts';
import type { ExpectedVersion } from '../../http/if-match';
import type { ContactJson, CreateContactBody, UpdateContactBody } from '../schemas/contact.schemas';

export function createContactRequestFromJson(customerId: string, body: CreateContactBody): crmV1.CreateContactRequest {
  return {
    customerId,
    name: body.name,
    title: body.title ?? '',
    phones: body.phones ?? [],
    email: body.email ?? '',
    wechat: body.wechat ?? '',
    birthday: body.birthday ?? '',
    primary: body.primary ?? false,
  };
}

export function updateContactRequestFromJson(
  customerId: string,
  id: string,
  expectedVersion: ExpectedVersion,
  body: UpdateContactBody,
): crmV1.UpdateContactRequest {
  return {
    customerId,
    id,
    expectedVersion,
    name: body.name,
    title: body.title,
    phones: body.phones ? { values: body.phones } : undefined,
    email: body.email,
    wechat: body.wechat,
    // null clears: crm reads "" as "no birthday".
    birthday: body.birthday === null ? '' : body.birthday,
    primary: body.primary,
  };
}

export function contactToJson(contact: crmV1.Contact): ContactJson {
  return {
    id: contact.id,
    customerId: contact.customerId,
    name: contact.name,
    title: contact.title || null,
    phones: contact.phones,
    email: contact.email || null,
    wechat: contact.wechat || null,
    birthday: contact.birthday || null,
    primary: contact.primary,
    version: Number(contact.version),
    createdAt: contact.createdAt?.toISOString() ?? null,
    updatedAt: contact.updatedAt?.toISOString() ?? null,
  };
}
