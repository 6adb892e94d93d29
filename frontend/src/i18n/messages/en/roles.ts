import type roles from '../zh-CN/roles'

const en: typeof roles = {
  roles: {},
}

export default en
