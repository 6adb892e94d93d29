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
