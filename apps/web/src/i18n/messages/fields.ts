/** Labels of the fields the API names in its errors (the last part of `rows.3.title`). */
export default {
  'zh-CN': {
    fields: {
      body: '请求内容', login: '账号', password: '密码', name: '名称', agency: '单位', roles: '角色', email: '电子邮箱', phone: '电话',
      comment: '意见', decision: '决定', noticeSha256: '文本摘要', note: '修改说明', reason: '理由', title: '标题',
      category: '类别', startsAt: '开始时间', endsAt: '结束时间', place: '地点', expectedAudience: '预计参与人数', participants: '参与人数',
      summary: '总结', text: '正文', figures: '数据', nextNumber: '下一个号', prefix: '文号前缀', year: '年度', rebaseTo: '演练起始日',
      definition: '通知定义', milestones: '时间节点', summaryDueAt: '总结报送截止', publicationWindow: '发布窗口', concentratedWeek: '集中活动周',
      closesAt: '结束日期', coSigners: '会签单位', recipients: '收文单位', citation: '表扬理由', kind: '类型', unit: '单位', person: '个人',
      activityId: '活动', nominationIds: '推荐对象', region: '地区', organizer: '组织单位', from: '起', to: '止', page: '页码', pageSize: '每页条数',
      photos: '照片', videos: '视频', news: '新闻链接', active: '启用', language: '语言', url: '地址', events: '事件', coSignDueAt: '会签截止',
    },
  },
  en: {
    fields: {
      body: 'request', login: 'login', password: 'password', name: 'name', agency: 'body', roles: 'roles', email: 'e-mail', phone: 'phone',
      comment: 'comment', decision: 'decision', noticeSha256: 'text digest', note: 'note', reason: 'reason', title: 'title',
      category: 'category', startsAt: 'starts', endsAt: 'ends', place: 'place', expectedAudience: 'expected audience', participants: 'participants',
      summary: 'summary', text: 'text', figures: 'figures', nextNumber: 'next number', prefix: 'prefix', year: 'year', rebaseTo: 'rehearse from',
      definition: 'definition', milestones: 'milestones', summaryDueAt: 'summary due', publicationWindow: 'publication window', concentratedWeek: 'concentrated week',
      closesAt: 'closes', coSigners: 'co-signers', recipients: 'recipients', citation: 'citation', kind: 'kind', unit: 'unit', person: 'person',
      activityId: 'activity', nominationIds: 'nominations', region: 'region', organizer: 'organizer', from: 'from', to: 'to', page: 'page', pageSize: 'page size',
      photos: 'photos', videos: 'videos', news: 'news links', active: 'active', language: 'language', url: 'URL', events: 'events', coSignDueAt: 'co-signing due',
    },
  },
};
