import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/types';
// The window's first screen comes with the app itself: no further round trip before a clerk types.
import ConsoleLayout from '../layouts/ConsoleLayout.vue';
import FrontDeskView from '../views/frontdesk/FrontDeskView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title (document.title and the heading). */
    title: string;
    /** No login needed (public pages, login). */
    public?: boolean;
    /** Who may open it; every logged-in staff member when left out. */
    roles?: readonly Role[];
    /** Shown in the side menu under this group. */
    menu?: string;
  }
}

const FRONT_DESK: readonly Role[] = ['clerk', 'handler', 'office_head'];
const SUPERVISORS: readonly Role[] = ['office_head', 'leader'];
/** Everyone who may be away from a post (the inspector's office keeps its own leave). */
const STAFF: readonly Role[] = ['clerk', 'handler', 'office_head', 'leader', 'admin'];

/** Every other page is its own chunk, loaded when first opened. */
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { title: '登录', public: true } },
  {
    path: '/public',
    component: () => import('../layouts/PublicLayout.vue'),
    meta: { title: '政务服务', public: true },
    children: [
      { path: 'guide', name: 'public-guide', component: () => import('../views/public/GuideView.vue'), meta: { title: '办事指南', public: true } },
      { path: 'lookup', name: 'public-lookup', component: () => import('../views/public/LookupView.vue'), meta: { title: '办件查询', public: true } },
      { path: 'rate', name: 'public-rate', component: () => import('../views/public/RateView.vue'), meta: { title: '服务评价', public: true } },
      { path: ':code/bulletin', name: 'public-bulletin', component: () => import('../views/public/BulletinView.vue'), meta: { title: '政务公开', public: true } },
    ],
  },
  {
    path: '/',
    component: ConsoleLayout,
    meta: { title: '工作台' },
    children: [
      { path: '', name: 'home', component: () => import('../views/HomeView.vue'), meta: { title: '工作台' } },
      { path: 'front-desk', name: 'front-desk', component: FrontDeskView, meta: { title: '窗口登记', roles: FRONT_DESK, menu: '窗口' } },
      { path: 'receive', name: 'receive', component: () => import('../views/frontdesk/ReceiveView.vue'), meta: { title: '收件受理', roles: FRONT_DESK, menu: '窗口' } },
      { path: 'transfers', name: 'transfers', component: () => import('../views/frontdesk/TransfersView.vue'), meta: { title: '转办事项', roles: [...FRONT_DESK, 'leader'], menu: '窗口' } },
      { path: 'cases', name: 'cases', component: () => import('../views/handler/MyCasesView.vue'), meta: { title: '我的办件', roles: ['handler', 'office_head'], menu: '办件' } },
      { path: 'internal-tasks', name: 'internal-tasks', component: () => import('../views/handler/InternalTasksView.vue'), meta: { title: '内部事务', roles: [...FRONT_DESK, 'leader'], menu: '办件' } },
      { path: 'cases/:id', name: 'case', component: () => import('../views/handler/CaseView.vue'), meta: { title: '办件详情' } },
      { path: 'absences', name: 'absences', component: () => import('../views/duty/AbsencesView.vue'), meta: { title: '请假与交接', roles: STAFF, menu: '值守' } },
      { path: 'coverage', name: 'coverage', component: () => import('../views/duty/CoverageView.vue'), meta: { title: '今日在岗', roles: ['office_head', 'leader', 'admin'], menu: '值守' } },
      { path: 'board', name: 'board', component: () => import('../views/head/BoardView.vue'), meta: { title: '预警看板', roles: ['office_head'], menu: '督办' } },
      { path: 'approvals', name: 'approvals', component: () => import('../views/leader/ApprovalsView.vue'), meta: { title: '待审批', roles: SUPERVISORS, menu: '督办' } },
      { path: 'rectifications', name: 'rectifications', component: () => import('../views/head/RectificationsView.vue'), meta: { title: '差评整改', roles: SUPERVISORS, menu: '督办' } },
      { path: 'evaluation', name: 'evaluation', component: () => import('../views/leader/EvaluationView.vue'), meta: { title: '绩效考评', roles: ['leader', 'office_head', 'inspector'], menu: '考评' } },
      { path: 'office-evaluation', name: 'office-evaluation', component: () => import('../views/leader/OfficeEvaluationView.vue'), meta: { title: '科室考评', roles: ['leader', 'office_head', 'inspector'], menu: '考评' } },
      { path: 'violations', name: 'violations', component: () => import('../views/inspector/ViolationsView.vue'), meta: { title: '违规审查', roles: ['inspector', 'leader', 'office_head'], menu: '监督' } },
      { path: 'reports', name: 'reports', component: () => import('../views/inspector/ReportsView.vue'), meta: { title: '统计报表', roles: ['inspector', 'leader', 'office_head'], menu: '监督' } },
      // Under /system: the service keeps /admin (like /api, /health, /metrics) for itself, so a reload there would not reach the app.
      { path: 'system/staff', name: 'admin-staff', component: () => import('../views/admin/StaffView.vue'), meta: { title: '人员与角色', roles: ['admin'], menu: '系统管理' } },
      { path: 'system/offices', name: 'admin-offices', component: () => import('../views/admin/OfficesView.vue'), meta: { title: '科室与岗位', roles: ['admin'], menu: '系统管理' } },
      { path: 'system/services', name: 'admin-services', component: () => import('../views/admin/ServicesView.vue'), meta: { title: '服务事项', roles: ['admin'], menu: '系统管理' } },
      { path: 'system/standards', name: 'admin-standards', component: () => import('../views/admin/StandardsView.vue'), meta: { title: '工作标准与预警', roles: ['admin'], menu: '系统管理' } },
      { path: 'system/publicity', name: 'admin-publicity', component: () => import('../views/admin/PublicityView.vue'), meta: { title: '政务公开', roles: ['admin'], menu: '系统管理' } },
      { path: 'system/calendar', name: 'admin-calendar', component: () => import('../views/admin/CalendarView.vue'), meta: { title: '工作日历', roles: ['admin'], menu: '系统管理' } },
      { path: 'forbidden', name: 'forbidden', component: () => import('../views/ForbiddenView.vue'), meta: { title: '无权限' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
];

/** Where each role starts after login. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes('clerk')) return '/front-desk';
  if (roles.includes('handler')) return '/cases';
  if (roles.includes('office_head')) return '/board';
  if (roles.includes('leader')) return '/approvals';
  if (roles.includes('inspector')) return '/violations';
  if (roles.includes('admin')) return '/system/staff';
  return '/';
}
