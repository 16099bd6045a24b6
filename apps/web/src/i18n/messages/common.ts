export default {
  'zh-CN': {
    app: { name: '联合发文工作平台', short: '联合发文' },
    nav: {
      todo: '我的待办', inbox: '消息', campaigns: '通知', launch: '发起通知', admin: '系统管理',
      agencies: '机构目录', users: '用户', docNumbers: '文号', audit: '审计日志', logout: '退出登录', language: 'English',
    },
    common: {
      loading: '加载中…', empty: '暂无数据', submit: '提交', save: '保存', cancel: '取消', confirm: '确定', search: '查询',
      reset: '重置', refresh: '刷新', back: '返回', actions: '操作', status: '状态', yes: '是', no: '否', all: '全部',
      total: '共 {n} 条', saved: '已保存', done: '已完成', open: '打开', none: '无', close: '关闭', detail: '详情', pageSize: '每页条数', goToPage: '跳转到页码',
    },
    roles: { secretariat: '秘书处', signer: '会签人', recipient: '收文人', admin: '管理员' },
    login: {
      title: '登录', login: '账号', password: '密码', submit: '登录', wrong: '账号或密码错误', locked: '尝试次数过多，请 {minutes} 分钟后再试',
      required: '请输入账号和密码', hint: '首次启动时控制台会打印管理员 admin 的一次性密码',
    },
  },
  en: {
    app: { name: 'Joint Notices Console', short: 'Joint Notices' },
    nav: {
      todo: 'To do', inbox: 'Inbox', campaigns: 'Notices', launch: 'Launch', admin: 'Administration',
      agencies: 'Directory', users: 'Users', docNumbers: 'Doc numbers', audit: 'Audit log', logout: 'Log out', language: '中文',
    },
    common: {
      loading: 'Loading…', empty: 'Nothing here', submit: 'Submit', save: 'Save', cancel: 'Cancel', confirm: 'OK', search: 'Search',
      reset: 'Reset', refresh: 'Refresh', back: 'Back', actions: 'Actions', status: 'Status', yes: 'Yes', no: 'No', all: 'All',
      total: '{n} in all', saved: 'Saved', done: 'Done', open: 'Open', none: 'None', close: 'Close', detail: 'Details', pageSize: 'Rows per page', goToPage: 'Go to page',
    },
    roles: { secretariat: 'Secretariat', signer: 'Signer', recipient: 'Recipient', admin: 'Administrator' },
    login: {
      title: 'Log in', login: 'Login', password: 'Password', submit: 'Log in', wrong: 'Wrong login or password', locked: 'Too many attempts: try again in {minutes} min',
      required: 'Enter your login and password', hint: 'The first start prints a one-time password for the account admin',
    },
  },
};
