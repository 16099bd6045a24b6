/** The campaign's year for recipient bodies and the lead: 活动, 总结, 表扬 (and labels of their fields). */
export default {
  'zh-CN': {
    fields: {
      onlineUrl: '线上链接', links: '相关链接', header: '表头', rows: '数据行', 'idempotency-key': '上传标识',
    },
    activities: {
      title: '活动', opensAt: '宣传发布期尚未开始，将于 {at} 开放活动登记', closed: '本通知已结束（或已撤回），不再登记活动',
      entry: '登记活动', list: '活动列表', dates: '活动日期', cascade: '含下级转发通知的活动', empty: '暂无活动', when: '活动时间', until: '至', online: '线上参与',
      stats: { title: '各类别活动数量', count: '活动数', total: '合计', withResults: '已补充成果' },
      form: {
        title: '登记一项活动', chooseCategory: '请选择活动类别', pickTime: '选择日期和时间', placeHint: '线下活动填写地点；线上活动可只填链接',
        submit: '登记活动', registered: '已登记活动《{title}》',
      },
      import: {
        title: '批量导入', hint: '上传 CSV（首行为表头：{columns}）或 JSON 文件。所有行均符合要求才会导入；任何一行有误则全部不导入。',
        choose: '选择文件', chooseAnother: '重新选择文件', upload: '上传并导入', template: '下载 CSV 模板', templateName: '活动导入模板.csv',
        facts: '已选择 {name}（{size}，{rows} 行）', gb18030: '文件不是 UTF-8 编码，已按 GB18030 读取。', unreadable: '本地无法预览：{why}',
        progress: '上传进度', repeated: '该文件此前已导入（{n} 项活动），未重复导入', done: '已导入 {n} 项活动',
        nothingImported: '{bad} 行不符合要求，未导入任何活动（文件共 {total} 行）。请修改后重新选择文件上传。',
        onlyProblems: '只看有问题的行（{n} 行）', row: '行', line: '文件第 {n} 行', problems: '问题', rowOk: '无问题',
        notJson: '不是有效的 JSON', exampleTitle: '“科技与生活”主题科普展', examplePlace: '省科技馆',
      },
      results: {
        column: '活动成果', added: '已补充', people: '参与 {n} 人', none: '待补充', notEnded: '活动结束后补充',
        add: '补充成果', edit: '修改成果', title: '活动成果：{title}', nth: '第 {n} 条', saved: '活动成果已保存', oneLinkPerLine: '每行一个链接（http:// 或 https://）',
      },
    },
    summaries: {
      title: '总结报送', due: '报送截止：{at}', duePassed: '已过截止时间', own: '本单位总结', standing: '报送情况', matrix: '各单位报送情况',
      counts: { units: '应报送单位 {n} 个' },
      status: { 'on-time': '按时报送', late: '逾期报送', missing: '未报送' },
      unit: '报送单位', submittedAt: '最近报送时间', revisionCol: '稿次', missingList: '未报送单位（{n} 个）：', notYet: '本单位尚未报送总结。',
      revision: '第 {n} 稿', revisions: '历次报送（{n} 稿）',
      figureNames: { activities: '活动场次', participants: '参与人数', volunteers: '志愿者人数', online_views: '线上浏览量', media_reports: '媒体报道数' },
      form: {
        overdue: '报送截止时间已过，仍可报送，但将标记为逾期。', textHint: '活动开展情况、主要做法、成效与经验、存在问题等',
        figureName: '数据项 {n} 名称', figureValue: '{name} 数值', removeFigure: '删除数据项 {name}', remove: '删除', addFigure: '添加数据项',
        submit: '报送总结', resubmit: '报送修订稿', submitted: '总结已报送（第 {n} 稿）', submittedLate: '总结已报送（第 {n} 稿），已过截止时间，标记为逾期',
      },
    },
    commendations: {
      title: '表扬', notYet: '表扬在总结报送截止（{at}）后进行', list: '表扬名单', publishedAt: '表扬名单已于 {at} 发布', notPublished: '尚未发布表扬名单',
      who: '表扬对象', source: '来源', nominateTitle: '提名', pool: '提名名单', decision: '审定',
      status: { nominated: '待审定', commended: '予以表扬', declined: '不予表扬' },
      kinds: { unit: '单位', individual: '个人', activity: '活动' },
      publish: '发布表扬名单', publishN: '发布表扬名单（{n} 项）', publishConfirm: '发布后名单不再更改，并通知全体收文单位。确定发布 {n} 项表扬吗？',
      recommend: '推荐至上级通知（{n} 项）', recommendHint: '勾选已予表扬的对象，推荐至上级通知的提名名单', recommended: '已推荐 {n} 项至上级通知',
      recommendedBy: '{lead}推荐{doc}', fromRelay: '下级推荐',
      commend: '表扬', decline: '不予表扬', commended: '已审定为予以表扬', declined: '已审定为不予表扬', emptyPool: '暂无提名',
      nominated: '已提名', employer: '所在单位', person: '姓名', chooseUnit: '请选择单位', chooseActivity: '请选择活动', nominate: '提名',
    },
  },
  en: {
    fields: {
      onlineUrl: 'online link', links: 'links', header: 'header', rows: 'rows', 'idempotency-key': 'upload key',
    },
    activities: {
      title: 'Activities', opensAt: 'The publication window has not opened: activities can be registered from {at}', closed: 'This notice has ended (or was withdrawn): no more activities',
      entry: 'Register activities', list: 'Activities', dates: 'Dates', cascade: 'Include relays below', empty: 'No activities', when: 'When', until: 'until', online: 'Online',
      stats: { title: 'Activities by category', count: 'Activities', total: 'Total', withResults: 'With results' },
      form: {
        title: 'Register one', chooseCategory: 'Choose a category', pickTime: 'Pick date and time', placeHint: 'Where it takes place; an online activity may give only its link',
        submit: 'Register', registered: 'Registered “{title}”',
      },
      import: {
        title: 'Import a file', hint: 'Upload a CSV (header row: {columns}) or a JSON file. All rows or none: if any row is wrong, nothing is imported.',
        choose: 'Choose a file', chooseAnother: 'Choose another file', upload: 'Upload and import', template: 'Download the CSV template', templateName: 'activities-template.csv',
        facts: '{name} ({size}, {rows} rows)', gb18030: 'Not UTF-8: read as GB18030.', unreadable: 'Cannot preview here: {why}',
        progress: 'Upload progress', repeated: 'This file was already imported ({n} activities): nothing imported twice', done: '{n} activities imported',
        nothingImported: '{bad} rows are wrong: nothing was imported ({total} rows in the file). Correct the file and choose it again.',
        onlyProblems: 'Only rows with problems ({n})', row: 'Row', line: 'line {n}', problems: 'Problems', rowOk: 'OK',
        notJson: 'not valid JSON', exampleTitle: 'Science and life exhibition', examplePlace: 'Provincial science museum',
      },
      results: {
        column: 'Results', added: 'Added', people: '{n} people', none: 'To add', notEnded: 'After it ends',
        add: 'Add results', edit: 'Edit results', title: 'Results: {title}', nth: 'no. {n}', saved: 'Results saved', oneLinkPerLine: 'One link per line (http:// or https://)',
      },
    },
    summaries: {
      title: 'Summaries', due: 'Due {at}', duePassed: 'past the deadline', own: 'Our summary', standing: 'Standing', matrix: 'Reporting units',
      counts: { units: '{n} reporting units' },
      status: { 'on-time': 'On time', late: 'Late', missing: 'Missing' },
      unit: 'Unit', submittedAt: 'Last submitted', revisionCol: 'Revision', missingList: 'Missing ({n}): ', notYet: 'Not submitted yet.',
      revision: 'revision {n}', revisions: 'All revisions ({n})',
      figureNames: { activities: 'Activities', participants: 'Participants', volunteers: 'Volunteers', online_views: 'Online views', media_reports: 'Media reports' },
      form: {
        overdue: 'The deadline has passed: a summary is still accepted, and marked late.', textHint: 'What was done, how, results, lessons, problems',
        figureName: 'Figure {n}: name', figureValue: '{name}: value', removeFigure: 'Remove figure {name}', remove: 'Remove', addFigure: 'Add a figure',
        submit: 'Submit', resubmit: 'Submit a revision', submitted: 'Submitted (revision {n})', submittedLate: 'Submitted (revision {n}), after the deadline: marked late',
      },
    },
    commendations: {
      title: 'Commendation', notYet: 'Commendation follows the summary deadline ({at})', list: 'Commendation list', publishedAt: 'Published {at}', notPublished: 'Not published yet',
      who: 'Commended', source: 'Source', nominateTitle: 'Nominate', pool: 'Nominations', decision: 'Decision',
      status: { nominated: 'To decide', commended: 'Commended', declined: 'Declined' },
      kinds: { unit: 'Unit', individual: 'Person', activity: 'Activity' },
      publish: 'Publish the list', publishN: 'Publish the list ({n})', publishConfirm: 'Once published the list does not change and every recipient is told. Publish {n} commendations?',
      recommend: 'Recommend upward ({n})', recommendHint: 'Tick commended entries to recommend them to the parent notice', recommended: '{n} recommended to the parent notice',
      recommendedBy: 'recommended by {lead}{doc}', fromRelay: 'From a relay',
      commend: 'Commend', decline: 'Decline', commended: 'Commended', declined: 'Declined', emptyPool: 'No nominations',
      nominated: 'Nominated', employer: 'Works for', person: 'Name', chooseUnit: 'Choose a unit', chooseActivity: 'Choose an activity', nominate: 'Nominate',
    },
  },
};
