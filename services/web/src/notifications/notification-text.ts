import type { MessageKey } from '../i18n/messages.js';

/** What wording a notification needs: its kind (the event type), parameters and stored English text. */
export interface NotificationTextSource {
  kind: string;
  title: string;
  body: string;
  params?: Record<string, string>;
}

export interface NotificationText {
  title: string;
  body: string;
}

export interface Wording {
  language: 'zh-CN' | 'en';
  t(key: MessageKey): string;
  /** Where times are shown; the browser's own when absent (tests pin it). */
  timeZone?: string;
}

type Params = Record<string, string>;
type Render = (params: Params, wording: Wording) => NotificationText | undefined;

/** `{name}` in a template replaced by that value; a name without value stays visible rather than vanishing. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** All the named parameters, or undefined when one is missing (an older or malformed notification). */
function required<K extends string>(params: Params, ...names: K[]): Record<K, string> | undefined {
  const values = {} as Record<K, string>;
  for (const name of names) {
    const value = params[name];
    if (!value) return undefined;
    values[name] = value;
  }
  return values;
}

const locale = (wording: Wording) => (wording.language === 'en' ? 'en' : 'zh-CN');

/** "2026-12-03", a calendar day: formatted as that day wherever the reader is. */
function day(iso: string, wording: Wording): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Intl.DateTimeFormat(locale(wording), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}

/** An ISO timestamp, in the reader's time zone. */
function moment(iso: string, wording: Wording): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(wording), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(wording.timeZone ? { timeZone: wording.timeZone } : {}),
  }).format(at);
}

/** The label of an enum value the API spells (e.g. "travel"), or the value itself when the console has none. */
function label(prefix: string, value: string, wording: Wording): string {
  const key = `${prefix}.${value}`;
  const text = wording.t(key as MessageKey);
  return text === undefined ? value : text;
}

/** An optional piece ("：comment") when the parameter is there, else nothing. */
function part(key: MessageKey, name: string, params: Params, wording: Wording): string {
  const value = params[name];
  return value ? fill(wording.t(key), { [name]: value }) : '';
}

/** Title and body from `notif.<key>.title` / `.body` with the given values. */
function text(key: string, values: Record<string, string>, wording: Wording, bodyKey = `notif.${key}.body`) {
  return {
    title: fill(wording.t(`notif.${key}.title` as MessageKey), values),
    body: fill(wording.t(bodyKey as MessageKey), values),
  };
}

const lead =
  (key: 'lead.assigned' | 'lead.recycled'): Render =>
  (params, wording) => {
    const values = required(params, 'leadName');
    return values && text(key, { ...values, company: part('notif.part.company', 'company', params, wording) }, wording);
  };

/** A task's text, with its due time when it has one. */
const task =
  (key: 'task.assigned' | 'task.dueSoon' | 'task.overdue'): Render =>
  (params, wording) => {
    const values = required(params, 'taskTitle');
    if (!values) return undefined;
    if (!params.dueAt) return text(key, values, wording);
    return text(key, { ...values, dueAt: moment(params.dueAt, wording) }, wording, `notif.${key}.bodyDue`);
  };

const planDecided =
  (key: 'plan.approved' | 'plan.rejected'): Render =>
  (params, wording) => {
    const values = required(params, 'planDate');
    return (
      values &&
      text(
        key,
        { planDate: day(values.planDate, wording), comment: part('notif.part.comment', 'comment', params, wording) },
        wording,
      )
    );
  };

const dailyReportDecided =
  (key: 'dailyReport.reviewed' | 'dailyReport.returned'): Render =>
  (params, wording) => {
    const values = required(params, 'reportDate');
    return (
      values &&
      text(
        key,
        {
          reportDate: day(values.reportDate, wording),
          comment: part('notif.part.comment', 'comment', params, wording),
        },
        wording,
      )
    );
  };

/** Leave and trips share their texts; `request` says which. */
const absence =
  (key: 'absence.requested' | 'absence.approved' | 'absence.rejected'): Render =>
  (params, wording) => {
    const values = required(params, 'request', 'startDate', 'endDate');
    if (!values || (values.request !== 'leave' && values.request !== 'trip')) return undefined;
    return text(
      key,
      {
        request: wording.t(values.request === 'trip' ? 'notif.request.trip' : 'notif.request.leave'),
        startDate: day(values.startDate, wording),
        endDate: day(values.endDate, wording),
        destination: part('notif.part.destination', 'destination', params, wording),
        comment: part('notif.part.comment', 'comment', params, wording),
      },
      wording,
    );
  };

const expense =
  (key: 'expense.submitted' | 'expense.approved' | 'expense.rejected'): Render =>
  (params, wording) => {
    const values = required(params, 'category', 'expenseDate');
    return (
      values &&
      text(
        key,
        {
          category: label('expenseCategory', values.category, wording),
          expenseDate: day(values.expenseDate, wording),
          comment: part('notif.part.comment', 'comment', params, wording),
        },
        wording,
      )
    );
  };

/**
 * Every notification kind the console words itself, keyed by the event type as notifications
 * writes it in `kind`. A kind not listed here (a newer service's) shows the stored text.
 */
const KINDS: Readonly<Record<string, Render>> = {
  'crm.lead.assigned': lead('lead.assigned'),
  'crm.lead.recycled': lead('lead.recycled'),
  'crm.opportunity.reassigned': (params, wording) => {
    const values = required(params, 'opportunityName');
    return values && text('opportunity.reassigned', values, wording);
  },
  'crm.contract.reassigned': (params, wording) => {
    const values = required(params, 'contractNumber', 'contractTitle');
    return values && text('contract.reassigned', values, wording);
  },
  'crm.ticket.assigned': (params, wording) => {
    const values = required(params, 'ticketTitle');
    return values && text('ticket.assigned', values, wording);
  },
  'goals.task.created': task('task.assigned'),
  'goals.task.assigned': task('task.assigned'),
  'goals.task.due_soon': task('task.dueSoon'),
  'goals.task.overdue': task('task.overdue'),
  'goals.target.behind_pace': (params, wording) => {
    const values = required(params, 'metric', 'completionPercent', 'expectedPercent', 'day');
    if (!values) return undefined;
    // A month, quarter or year key ("2026-12", "2026Q4") reads as it is; otherwise the days.
    const period =
      params.periodKey ||
      (params.periodStart && params.periodEnd
        ? fill(wording.t('notif.part.period'), {
            start: day(params.periodStart, wording),
            end: day(params.periodEnd, wording),
          })
        : undefined);
    if (!period) return undefined;
    return text(
      'target.behindPace',
      { ...values, metric: label('metric', values.metric, wording), day: day(values.day, wording), period },
      wording,
    );
  },
  'field.plan.submitted': (params, wording) => {
    const values = required(params, 'planDate', 'visitCount');
    return values && text('plan.submitted', { ...values, planDate: day(values.planDate, wording) }, wording);
  },
  'field.plan.approved': planDecided('plan.approved'),
  'field.plan.rejected': planDecided('plan.rejected'),
  'field.daily_report.reviewed': dailyReportDecided('dailyReport.reviewed'),
  'field.daily_report.returned': dailyReportDecided('dailyReport.returned'),
  'field.market_report.urgent': (params, wording) => {
    const values = required(params, 'reportTitle', 'severity', 'reportType', 'reportDate');
    return (
      values &&
      text(
        'marketReport.urgent',
        {
          reportTitle: values.reportTitle,
          severity: label('severity', values.severity, wording),
          reportType: label('marketType', values.reportType, wording),
          reportDate: day(values.reportDate, wording),
          competitor: part('notif.part.competitor', 'competitor', params, wording),
        },
        wording,
      )
    );
  },
  'field.leave.requested': absence('absence.requested'),
  'field.trip.requested': absence('absence.requested'),
  // A departed supervisor's request, now waiting for the successor: worded as just asked.
  'field.leave.reassigned': absence('absence.requested'),
  'field.trip.reassigned': absence('absence.requested'),
  'field.leave.approved': absence('absence.approved'),
  'field.trip.approved': absence('absence.approved'),
  'field.leave.rejected': absence('absence.rejected'),
  'field.trip.rejected': absence('absence.rejected'),
  'field.expense.submitted': expense('expense.submitted'),
  'field.expense.reassigned': expense('expense.submitted'),
  'field.expense.approved': expense('expense.approved'),
  'field.expense.rejected': expense('expense.rejected'),
  'webhooks.subscription.disabled': (params, wording) => {
    const values = required(params, 'url', 'failures', 'lastError');
    return values && text('webhook.disabled', values, wording);
  },
};

/**
 * A notification's title and body in the reader's language, from its kind and parameters. An
 * unknown kind, or one without the parameters its text needs (written before notifications kept
 * them), shows the stored text.
 */
export function notificationText(notification: NotificationTextSource, wording: Wording): NotificationText {
  const render = KINDS[notification.kind];
  return (
    render?.(notification.params ?? {}, wording) ?? {
      title: notification.title,
      body: notification.body,
    }
  );
}
