import core from './zh-CN/core'
import pub from './zh-CN/public'
import roles from './zh-CN/roles'

const zhCN = { ...core, ...pub, ...roles }

export type MessageSchema = typeof zhCN
export default zhCN
