// Texts of the leads page's saved views (保存的筛选).
export const savedViewsZhCN = {
  'savedViews.pick': '已保存的筛选',
  'savedViews.none': '还没有保存的筛选',
  'savedViews.save': '保存当前筛选',
  'savedViews.saveIntro': '把当前的标签页、搜索词、状态、来源、线索池和负责人存为一个视图，只有你自己能看到。',
  'savedViews.name': '视图名称',
  'savedViews.nameRequired': '请填写视图名称',
  'savedViews.nameTooLong': '视图名称最多 60 个字',
  'savedViews.saved': '筛选已保存',
  'savedViews.delete': '删除视图',
  'savedViews.deleteConfirm': '删除这个保存的筛选？',
  'savedViews.deleted': '视图已删除',
};

export const savedViewsEn: Record<keyof typeof savedViewsZhCN, string> = {
  'savedViews.pick': 'Saved views',
  'savedViews.none': 'No saved views yet',
  'savedViews.save': 'Save current filters',
  'savedViews.saveIntro':
    'Saves the current tab, search, status, source, lead pool and owner as a view only you can see.',
  'savedViews.name': 'View name',
  'savedViews.nameRequired': 'Enter a name for the view',
  'savedViews.nameTooLong': 'At most 60 characters',
  'savedViews.saved': 'Filters saved',
  'savedViews.delete': 'Delete view',
  'savedViews.deleteConfirm': 'Delete this saved view?',
  'savedViews.deleted': 'View deleted',
};
