import { en, type MessageKey, zhCN } from '../i18n/messages.js';
import { notificationText, type Wording } from './notification-text.js';

// Times pinned to Beijing time so the expected texts do not depend on the machine's zone.
const zh: Wording = { language: 'zh-CN', t: (key: MessageKey) => zhCN[key], timeZone: 'Asia/Shanghai' };
const english: Wording = { language: 'en', t: (key: MessageKey) => en[key], timeZone: 'Asia/Shanghai' };

/** What notifications stores: the English text besides the parameters. */
const stored = (kind: string, params: Record<string, string> | undefined) => ({
  kind,
  title: 'stored title',
  body: 'stored body',
  params,
});

describe('notification text in the reader’s language', () => {
  it('words a task due soon in Chinese and in English, its due time in Beijing time', () => {
    // 09:00 UTC is 17:00 in Beijing.
    const dueSoon = stored('goals.task.due_soon', { taskTitle: '拜访宏达', dueAt: '2026-12-02T09:00:00.000Z' });
    expect(notificationText(dueSoon, zh)).toEqual({
      title: '任务即将到期',
      body: '任务「拜访宏达」将于 2026年12月2日 17:00 到期。',
    });
    expect(notificationText(dueSoon, english)).toEqual({
      title: 'A task is due soon',
      body: 'Task "拜访宏达" is due Dec 2, 2026, 17:00.',
    });
    // Without a due time the task is simply due soon.
    expect(notificationText(stored('goals.task.due_soon', { taskTitle: '拜访宏达' }), zh).body).toBe(
      '任务「拜访宏达」即将到期。',
    );
  });

  it('names a lead with its company only when it has one', () => {
    expect(notificationText(stored('crm.lead.assigned', { leadName: '王建国', company: '杭州宏达贸易' }), zh)).toEqual({
      title: '有新线索分配给你',
      body: '线索「王建国」（杭州宏达贸易）已分配给你，请在被回收到线索池之前跟进。',
    });
    expect(notificationText(stored('crm.lead.assigned', { leadName: '王建国' }), english)).toEqual({
      title: 'A lead was assigned to you',
      body: 'Lead "王建国" is now yours; follow it up before it is recycled.',
    });
  });

  it('words a rejected leave request with its days and the comment', () => {
    const rejected = stored('field.leave.rejected', {
      request: 'leave',
      verb: 'rejected',
      startDate: '2026-11-19',
      endDate: '2026-11-20',
      comment: '人手不足',
    });
    expect(notificationText(rejected, zh)).toEqual({
      title: '你的请假申请被驳回',
      body: '你 2026年11月19日 至 2026年11月20日 的请假申请被驳回：人手不足。',
    });
    expect(notificationText(rejected, english)).toEqual({
      title: 'Your leave request was rejected',
      body: 'Your leave request from Nov 19, 2026 to Nov 20, 2026 was rejected: 人手不足.',
    });
    // A trip waiting for the approver, with its destination.
    const trip = stored('field.trip.requested', {
      request: 'trip',
      startDate: '2026-11-23',
      endDate: '2026-11-24',
      destination: '宁波',
    });
    expect(notificationText(trip, zh)).toEqual({
      title: '有出差申请待你审批',
      body: '2026年11月23日 至 2026年11月24日 的出差申请（宁波）已提交。',
    });
  });

  it('labels enum values in the reader’s language: market report type and severity, expense category, target metric', () => {
    const urgent = stored('field.market_report.urgent', {
      reportTitle: '华达买一送一',
      severity: 'critical',
      reportType: 'competitor_activity',
      competitor: '华达',
      reportDate: '2026-11-20',
    });
    expect(notificationText(urgent, zh)).toEqual({
      title: '紧急市场状况反映：华达买一送一',
      body: '一份「竞品动态」市场状况反映表（严重程度：紧急，竞品：华达）于 2026年11月20日 提交。',
    });
    expect(notificationText(urgent, english).body).toBe(
      'Competitor activity report (severity: Critical, about 华达) filed on Nov 20, 2026.',
    );
    const approved = stored('field.expense.approved', {
      category: 'travel',
      expenseDate: '2026-11-19',
      verb: 'approved',
    });
    expect(notificationText(approved, zh)).toEqual({
      title: '你的费用报销已批准',
      body: '你 2026年11月19日 的交通费用已批准。',
    });
    expect(notificationText(approved, english).body).toBe('Your expense of Nov 19, 2026 (Travel) was approved.');
    const behind = stored('goals.target.behind_pace', {
      metric: 'CONTRACT_AMOUNT',
      periodKey: '2026-12',
      completionPercent: '12.5',
      expectedPercent: '32.25',
      day: '2026-12-11',
    });
    expect(notificationText(behind, zh)).toEqual({
      title: '目标进度落后',
      body: '2026-12 的合同额目标截至 2026年12月11日 完成 12.5%，按进度此时应完成 32.25%。',
    });
    expect(notificationText(behind, english).body).toBe(
      'Contract amount target for 2026-12: 12.5% complete on Dec 11, 2026; 32.25% was expected by now.',
    );
  });

  it('shows the stored text for an unknown kind, and for a known kind without the parameters it needs', () => {
    const stranger = stored('crm.quote.sent', { quoteName: '报价单 A' });
    expect(notificationText(stranger, zh)).toEqual({ title: 'stored title', body: 'stored body' });
    // Written before notifications kept parameters: an empty map (or none at all).
    expect(notificationText(stored('crm.lead.assigned', {}), zh)).toEqual({
      title: 'stored title',
      body: 'stored body',
    });
    expect(notificationText(stored('goals.task.overdue', undefined), english)).toEqual({
      title: 'stored title',
      body: 'stored body',
    });
    // A request of a kind the console does not know is not guessed at.
    const odd = stored('field.leave.requested', {
      request: 'sabbatical',
      startDate: '2026-11-23',
      endDate: '2026-11-24',
    });
    expect(notificationText(odd, zh)).toEqual({ title: 'stored title', body: 'stored body' });
  });
});
