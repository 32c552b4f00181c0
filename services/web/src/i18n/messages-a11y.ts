// Names screen readers announce for controls whose antd defaults are English or empty: the
// stars of a rating and the section switchers (SubNav).
export const a11yZhCN = {
  // "{count}" is replaced by the star's number, 1 to 5.
  'rate.starOne': '{count} 星',
  'rate.starMany': '{count} 星',
  'nav.fieldPages': '外勤页面',
  'nav.approvalsPages': '审批页面',
  'nav.adminPages': '管理页面',
  'nav.tasksPages': '任务与项目页面',
};

export const a11yEn: Record<keyof typeof a11yZhCN, string> = {
  'rate.starOne': '{count} star',
  'rate.starMany': '{count} stars',
  'nav.fieldPages': 'Field pages',
  'nav.approvalsPages': 'Approval pages',
  'nav.adminPages': 'Admin pages',
  'nav.tasksPages': 'Task and project pages',
};
