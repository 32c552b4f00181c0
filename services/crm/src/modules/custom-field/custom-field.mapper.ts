import type { crmV1 } from '@salesflow/contracts';
import type { CustomField, CustomFieldType } from '../../generated/prisma/client';

const PREFIX = 'CUSTOM_FIELD_TYPE_';

export function customFieldTypeToProto(type: CustomFieldType): crmV1.CustomFieldType {
  return `${PREFIX}${type}` as crmV1.CustomFieldType;
}

export function customFieldTypeFromProto(type: crmV1.CustomFieldType | undefined): CustomFieldType | undefined {
  if (!type || type === 'CUSTOM_FIELD_TYPE_UNSPECIFIED' || !type.startsWith(PREFIX)) return undefined;
  return type.slice(PREFIX.length) as CustomFieldType;
}

export function customFieldToProto(field: CustomField): crmV1.CustomField {
  return {
    id: field.id,
    tenantId: field.tenantId,
    key: field.key,
    label: field.label,
    type: customFieldTypeToProto(field.type),
    options: field.options,
    required: field.required,
    version: String(field.version),
    createdAt: field.createdAt,
  };
}
