import type { TestApp } from './test-app.js';
import type { World } from './world.js';

/** The DEMO-001 checklist (个体工商户设立登记), all handed in. */
export const COMPLETE_MATERIALS = [
  { name: '个体工商户登记（备案）申请书', pages: 2, copies: 1 },
  { name: '经营者身份证明', pages: 1, copies: 1 },
  { name: '经营场所使用证明', pages: 3, copies: 1 },
];

export const APPLICANT = { name: '张三', phone: '13800138000', idNumber: '11010519491231002X' };

/** Receives a DEMO-001 application at the window (clerk01, handled by handler01); with materials missing, the one-time notice is asked for. */
export async function receiveCase(t: TestApp, w: World, materials = COMPLETE_MATERIALS, extra: Record<string, unknown> = {}) {
  const res = await t.post('/api/v1/cases', {
    token: w.tokens.clerk01,
    body: { serviceItemCode: 'DEMO-001', applicant: APPLICANT, handlerId: w.staff.handler01, materials, issueNotice: true, ...extra },
  });
  if (res.status !== 201) throw new Error(`case not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
