export default {
  'zh-CN': {
    phases: {
      'co-signing': '会签中', issued: '已印发', 'publication-open': '宣传发布期', 'concentrated-week': '集中活动周', reporting: '总结报送期',
      commendation: '表扬阶段', closed: '已结束', withdrawn: '已撤回',
    },
    todo: {
      title: '我的待办', empty: '暂无待办事项', due: '截止', noDue: '无截止时间', overdue: '已逾期', count: '{n} 项', go: '去办理',
      kinds: { 'co-sign': '会签', 'sign-off': '签发', acknowledge: '签收', results: '补充活动成果', summary: '报送总结', nominations: '审定表扬' },
    },
    campaigns: {
      title: '通知', docNumber: '文号', lead: '牵头单位', phase: '阶段', year: '年度', version: '版本', parent: '上级通知', relay: '转发',
      updated: '更新时间', empty: '暂无通知',
    },
    tabs: {
      notice: '通知', 'co-sign': '会签进度', distribution: '分发与签收', relays: '转发', timeline: '时间线', activities: '活动',
      summaries: '总结', commendations: '表扬', audit: '审计日志',
    },
  },
  en: {
    phases: {
      'co-signing': 'Co-signing', issued: 'Issued', 'publication-open': 'Publication', 'concentrated-week': 'Concentrated week', reporting: 'Reporting',
      commendation: 'Commendation', closed: 'Closed', withdrawn: 'Withdrawn',
    },
    todo: {
      title: 'To do', empty: 'Nothing to do', due: 'Due', noDue: 'No deadline', overdue: 'Overdue', count: '{n} items', go: 'Open',
      kinds: { 'co-sign': 'Co-sign', 'sign-off': 'Sign off', acknowledge: 'Acknowledge', results: 'Add results', summary: 'Report', nominations: 'Decide nominations' },
    },
    campaigns: {
      title: 'Notices', docNumber: 'Doc number', lead: 'Lead', phase: 'Phase', year: 'Year', version: 'Version', parent: 'Parent', relay: 'Relay',
      updated: 'Updated', empty: 'No notices',
    },
    tabs: {
      notice: 'Notice', 'co-sign': 'Co-signing', distribution: 'Distribution', relays: 'Relays', timeline: 'Timeline', activities: 'Activities',
      summaries: 'Summaries', commendations: 'Commendation', audit: 'Audit log',
    },
  },
};
