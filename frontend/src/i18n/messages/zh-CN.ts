import core from './zh-CN/core'
import pub from './zh-CN/public'
import roles from './zh-CN/roles'
import documents from './zh-CN/documents'

const zhCN = { ...core, ...pub, ...roles, ...documents }

export type MessageSchema = typeof zhCN
export default zhCN
