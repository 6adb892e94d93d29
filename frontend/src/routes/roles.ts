// Routes for signed-in people: buyers, enterprises, SMEs and operators.
// Each has meta.requiresAuth (and meta.operatorOnly where it applies).
import type { RouteRecordRaw } from 'vue-router'

export const roleRoutes: RouteRecordRaw[] = []
