import type { crmV1 } from '@salesflow/contracts';
import type { ConversionRulesJson } from '../schemas/conversion-rule.schemas';

type Source = ConversionRulesJson['mappings'][number]['source'];

export function conversionRulesToJson(rules: crmV1.ConversionRules): ConversionRulesJson {
  return {
    mappings: rules.mappings.map((m) => ({
      source: m.source as Source,
      target: m.target,
      defaultValue: m.defaultValue,
    })),
    version: Number(rules.version),
    updatedAt: rules.updatedAt?.toISOString() ?? null,
  };
}
