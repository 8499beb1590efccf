import type { INestApplicationContext } from '@nestjs/common';
import type { Role } from '@app/core';
import { CatalogueService, type ServiceItemDto } from '@app/catalogue';
import { OrganizationService } from '@app/organization';
import { AppConfig } from '@app/platform';

export const DEMO_PASSWORD = 'ChangeMe-2026';
export const DEMO_UNIT = { code: 'DEMO', name: '示范县市场监督管理局' };

const OFFICES = [
  { key: 'window', name: '政务服务窗口', phone: '0851-28220001' },
  { key: 'registration', name: '登记注册股', phone: '0851-28220002' },
  { key: 'food', name: '食品经营许可股', phone: '0851-28220003' },
  { key: 'general', name: '办公室', phone: '0851-28220004' },
] as const;
type OfficeKey = (typeof OFFICES)[number]['key'];

export const ACCOUNTS: Array<{ username: string; name: string; badgeNo: string; office: OfficeKey; roles: Role[]; phone: string }> = [
  { username: 'clerk01', name: '王小窗', badgeNo: 'DEMO-001', office: 'window', roles: ['clerk'], phone: '13800000001' },
  { username: 'handler01', name: '李经办', badgeNo: 'DEMO-002', office: 'registration', roles: ['handler'], phone: '13800000002' },
  { username: 'handler02', name: '赵食安', badgeNo: 'DEMO-003', office: 'food', roles: ['handler'], phone: '13800000003' },
  { username: 'head01', name: '张股长', badgeNo: 'DEMO-004', office: 'registration', roles: ['office_head'], phone: '13800000004' },
  { username: 'leader01', name: '陈局长', badgeNo: 'DEMO-005', office: 'general', roles: ['leader'], phone: '13800000005' },
  { username: 'inspector01', name: '刘纪检', badgeNo: 'DEMO-006', office: 'general', roles: ['inspector'], phone: '13800000006' },
  { username: 'admin', name: '系统管理员', badgeNo: 'DEMO-000', office: 'general', roles: ['admin'], phone: '13800000000' },
];

function services(office: Record<OfficeKey, string>): ServiceItemDto[] {
  return [
    {
      code: 'DEMO-001',
      name: '个体工商户设立登记',
      officeId: office.registration,
      legalBasis: '《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》第二十一条',
      conditions: '有经营能力的公民，经营场所合法',
      statutoryLimit: { amount: 15, unit: 'working_days' },
      committedLimit: { amount: 3, unit: 'working_days' },
      materials: [
        { name: '个体工商户登记（备案）申请书', form: 'original', copies: 1 },
        { name: '经营者身份证明', form: 'copy', copies: 1, notes: '核验原件' },
        { name: '经营场所使用证明', form: 'copy', copies: 1 },
      ],
      procedure: ['申请', '受理', '审查', '决定', '发照'],
      feeFen: 0,
      feeBasis: '不收费',
      rejection: { withinAuthority: false, decisionWorkingHours: 8 },
    },
    {
      code: 'DEMO-002',
      name: '食品经营许可（新办）',
      officeId: office.food,
      legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》',
      conditions: '具有与经营的食品品种、数量相适应的场所和设备',
      statutoryLimit: { amount: 20, unit: 'working_days' },
      committedLimit: { amount: 10, unit: 'working_days' },
      materials: [
        { name: '食品经营许可申请书', form: 'original', copies: 1 },
        { name: '营业执照', form: 'copy', copies: 1 },
        { name: '与食品经营相适应的主要设备设施布局、操作流程等文件', form: 'original', copies: 1 },
        { name: '食品安全管理制度目录', form: 'original', copies: 1 },
      ],
      procedure: ['申请', '受理', '审查', '现场核查', '决定'],
      feeFen: 0,
      feeBasis: '不收费',
    },
    {
      code: 'DEMO-003',
      name: '营业执照遗失补领',
      officeId: office.registration,
      legalBasis: '《中华人民共和国市场主体登记管理条例实施细则》第六十六条',
      statutoryLimit: { amount: 1, unit: 'working_days' },
      committedLimit: { amount: 4, unit: 'working_hours' },
      materials: [
        { name: '补领营业执照申请书', form: 'original', copies: 1 },
        { name: '遗失声明', form: 'original', copies: 1 },
      ],
      procedure: ['申请', '受理', '核准', '发照'],
      feeFen: 0,
      // A plain re-issue: the handler may refuse it on their own authority (否定报备制).
      rejection: { withinAuthority: true, decisionWorkingHours: 4 },
    },
  ];
}

export interface DemoSummary {
  unitId: string;
  offices: Record<OfficeKey, string>;
  staff: Record<string, string>;
}

/** Loads the demo unit, offices, accounts and catalogue. Idempotent: what exists is left alone. */
export async function seedDemo(app: INestApplicationContext): Promise<DemoSummary> {
  const organization = app.get(OrganizationService);
  const catalogue = app.get(CatalogueService);
  // The demo password is published: outside development every account must replace it at first login.
  const demoPassword = { mustChangePassword: app.get(AppConfig).NODE_ENV === 'production' };

  const unit =
    (await organization.listUnits()).find((u) => u.code === DEMO_UNIT.code) ?? (await organization.createUnit(null, DEMO_UNIT));

  const existingOffices = await organization.listOffices(unit.id);
  const offices = {} as Record<OfficeKey, string>;
  for (const o of OFFICES) {
    const found = existingOffices.find((e) => e.name === o.name);
    offices[o.key] = found
      ? found.id
      : (await organization.createOffice(null, unit.id, { name: o.name, phone: o.phone })).id;
  }

  const staff: Record<string, string> = {};
  for (const a of ACCOUNTS) {
    const found = await organization.findLogin(a.username);
    staff[a.username] = found
      ? found.id
      : (
          await organization.createStaff(null, unit.id, {
            username: a.username,
            password: DEMO_PASSWORD,
            name: a.name,
            badgeNo: a.badgeNo,
            officeId: offices[a.office],
            phone: a.phone,
            roles: a.roles,
          }, { demoPassword })
        ).id;
  }

  for (const item of services(offices)) {
    const exists = await catalogue.get(item.code).then(
      () => true,
      () => false,
    );
    if (!exists) await catalogue.create(null, unit.id, item);
  }
  return { unitId: unit.id, offices, staff };
}

/**
 * `npm start` in development on a database with no unit yet: load the demo unit, so the first start is a
 * usable system. Never in production or test; an existing unit (the demo one or a real one) is left alone.
 */
export async function seedDemoOnFirstStart(app: INestApplicationContext): Promise<DemoSummary | null> {
  if (app.get(AppConfig).NODE_ENV !== 'development') return null;
  if ((await app.get(OrganizationService).listUnits()).length > 0) return null;
  return seedDemo(app);
}
