import { crmV1 } from '@salesflow/contracts';
import type {
  CreateCustomFieldBody,
  CustomFieldJson,
  CustomFieldTypeName,
  UpdateCustomFieldBody,
} from '../schemas/custom-field.schemas';
import { invert } from './enum-names';

const TYPE_TO_PROTO: Record<CustomFieldTypeName, crmV1.CustomFieldType> = {
  text: crmV1.CustomFieldType.CUSTOM_FIELD_TYPE_TEXT,
  number: crmV1.CustomFieldType.CUSTOM_FIELD_TYPE_NUMBER,
  date: crmV1.CustomFieldType.CUSTOM_FIELD_TYPE_DATE,
  single_select: crmV1.CustomFieldType.CUSTOM_FIELD_TYPE_SINGLE_SELECT,
  multi_select: crmV1.CustomFieldType.CUSTOM_FIELD_TYPE_MULTI_SELECT,
};
const TYPE_FROM_PROTO = invert(TYPE_TO_PROTO);

export function customFieldTypeFromProto(type: crmV1.CustomFieldType | string): CustomFieldTypeName | null {
  return TYPE_FROM_PROTO.get(type) ?? null;
}

export function createCustomFieldRequestFromJson(body: CreateCustomFieldBody): crmV1.CreateCustomFieldRequest {
  return {
    key: body.key,
    label: body.label,
    type: TYPE_TO_PROTO[body.type],
    options: body.options ?? [],
    required: body.required ?? false,
  };
}

export function updateCustomFieldRequestFromJson(
  id: string,
  expectedVersion: string,
  body: UpdateCustomFieldBody,
): crmV1.UpdateCustomFieldRequest {
  return {
    id,
    expectedVersion,
    ...(body.label !== undefined ? { label: body.label } : {}),
    ...(body.required !== undefined ? { required: body.required } : {}),
    ...(body.options !== undefined ? { options: { options: body.options } } : {}),
  };
}

export function customFieldToJson(field: crmV1.CustomField): CustomFieldJson {
  return {
    id: field.id,
    key: field.key,
    label: field.label,
    type: customFieldTypeFromProto(field.type),
    options: field.options,
    required: field.required,
    version: Number(field.version),
    createdAt: field.createdAt?.toISOString() ?? null,
  };
}
