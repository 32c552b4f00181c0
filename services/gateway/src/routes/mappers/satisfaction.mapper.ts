import type { crmV1 } from '@salesflow/contracts';
import type { SatisfactionSurveyJson } from '../schemas/satisfaction.schemas';
import type { ServiceSettingsJson } from '../schemas/service-settings.schemas';

export function satisfactionSurveyToJson(survey: crmV1.SatisfactionSurvey): SatisfactionSurveyJson {
  return {
    id: survey.id,
    customerId: survey.customerId,
    score: survey.score,
    comment: survey.comment || null,
    recordedBy: survey.recordedBy || null,
    surveyedAt: survey.surveyedAt?.toISOString() ?? null,
    createdAt: survey.createdAt?.toISOString() ?? null,
  };
}

export function serviceSettingsToJson(settings: crmV1.ServiceSettings): ServiceSettingsJson {
  return {
    criticalHours: settings.criticalHours,
    highHours: settings.highHours,
    mediumHours: settings.mediumHours,
    lowHours: settings.lowHours,
    dormancyDays: settings.dormancyDays,
    version: Number(settings.version),
    updatedAt: settings.updatedAt?.toISOString() ?? null,
  };
}
