// Texts the journeys look for; keep in step with src/i18n/messages/.
export const TEXT = {
  'zh-CN': {
    title: '城市数字化转型机会清单',
    apiDocs: 'API 文档',
    skip: '跳到主要内容',
    notFound: '页面未找到',
    backHome: '返回首页',
    switchTo: 'English',
  },
  en: {
    title: 'City Digital Transformation Opportunity List',
    apiDocs: 'API reference',
    skip: 'Skip to main content',
    notFound: 'Page not found',
    backHome: 'Back to home',
    switchTo: '中文',
  },
}

export const LOCALE_STORAGE_KEY = 'market.locale'

// Texts of the public pages (search, listing, providers, sign-in, registration).
export const PUBLIC = {
  'zh-CN': {
    searchLabel: '搜索机会',
    xuhui: '徐汇区',
    digitalTwin: '数字孪生',
    publishedEvent: '审核通过并发布',
    questions: '公开答疑',
    navLabel: '主导航',
    providers: '服务商名录',
    register: '注册',
    registerTitle: '注册机构账号',
    registerButton: '注册',
    email: '邮箱',
    password: '密码',
    displayName: '您的姓名',
    orgName: '机构名称',
    orgKind: '机构类型',
    creditCode: '统一社会信用代码',
    sme: '本企业是中小企业',
    district: '所在区',
    unverified: '未认证',
    verified: '已认证',
    signOut: '退出登录',
    signIn: '登录',
    signInTitle: '登录',
    invalidCredentials: '邮箱或密码不正确。',
  },
}
