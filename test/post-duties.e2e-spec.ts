import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';
import { expectProblem } from './support/problem.js';

// 岗位职责 (seed 000): a post carries specific duties (never "负责相关工作"), its authority, its superior,
// its collaborators and its qualification; each change is a new version, the older ones stay readable.

describe('post duties (岗位职责)', () => {
  let t: TestApp;
  let w: World;
  const posts: Record<string, string> = {};
  const put = (postId: string, body: Record<string, unknown>, token = w.tokens.admin) => t.put(`/api/v1/posts/${postId}/duties`, { token, body });
  const duties = (extra: Record<string, unknown> = {}) => ({
    duties: ['负责公文的接收、登记、拟办、分办、传阅、催办工作', '负责会议纪要的起草，会后半个工作日内印发'],
    authority: ['建议权', '审核权'],
    superiorPostId: posts.chief,
    collaboratorPostIds: [posts.window],
    qualification: '大专以上学历，熟悉公文处理规范',
    ...extra,
  });
  const written = async () => ({ versions: await t.count('post_duty_version'), audit: await t.count(`audit_log WHERE action = 'post.describe'`) });

  beforeAll(async () => {
    t = await TestApp.start();
    w = await demoWorld(t);
    const { id } = await addStaff(t, w, 'DTY', [
      ['reg01', 'registration', ['handler']],
      ['reg02', 'registration', ['handler']],
      ['win01', 'window', ['clerk']],
      ['win02', 'window', ['clerk']],
    ]);
    const post = async (name: string, office: keyof World['offices'], holderId: string, substituteId: string) =>
      (await t.post('/api/v1/posts', { token: w.tokens.admin, body: { name, kind: 'staff', officeId: w.offices[office], holderId, substituteId } })).body.id as string;
    posts.clerk = await post('登记股文书岗', 'registration', id.reg01!, id.reg02!);
    posts.chief = await post('登记股审核岗', 'registration', w.staff.head01!, id.reg01!);
    posts.window = await post('综合窗口', 'window', id.win01!, id.win02!);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-11-26T10:00:00+08:00'));

  it('a post is described with its duties, authority, superior, collaborators and qualification; each change is a new version with the history kept', async () => {
    expect((await t.get(`/api/v1/posts/${posts.clerk}/duties`, { token: w.tokens.clerk01 })).body).toEqual({ current: null, history: [] });
    const first = await put(posts.clerk!, duties());
    expect(first.status).toBe(200);
    expect(first.body.current).toMatchObject({ version: 1, ...duties(), changedBy: w.staff.admin });

    t.clock.set('2026-11-27T10:00:00+08:00');
    const second = await put(posts.clerk!, duties({ authority: ['建议权', '审核权', '协调权'], collaboratorPostIds: [] }), w.tokens.head01);
    expect(second.status).toBe(200);
    const read = await t.get(`/api/v1/posts/${posts.clerk}/duties`, { token: w.tokens.clerk01 });
    expect(read.body.current).toMatchObject({ version: 2, authority: ['建议权', '审核权', '协调权'], collaboratorPostIds: [], changedBy: w.staff.head01 });
    expect(read.body.history.map((v: { version: number; changedAt: string }) => [v.version, v.changedAt])).toEqual([
      [2, '2026-11-27T02:00:00.000Z'],
      [1, '2026-11-26T02:00:00.000Z'],
    ]);
    expect(read.body.history[1]).toMatchObject({ authority: ['建议权', '审核权'], collaboratorPostIds: [posts.window] });
  });

  it('refuses a vague duty such as 负责相关工作 with 422 naming duties, and nothing is written', async () => {
    const before = await written();
    for (const vague of ['负责相关工作', '做好其他工作。']) {
      const res = await put(posts.chief!, duties({ superiorPostId: undefined, duties: ['负责登记申请材料的审核', vague] }));
      expectProblem(res, 422, 'POST.VAGUE_DUTY', 'duties');
    }
    expect(await written()).toEqual(before);
  });

  it('refuses what is not a post description: unknown authority, itself as superior or collaborator, posts of nowhere, no duties (400/422), and who may not describe it (403)', async () => {
    const before = await written();
    const cases: Array<[Record<string, unknown>, number, string | undefined, string]> = [
      [duties({ authority: ['人事权'] }), 400, undefined, 'authority'],
      [duties({ duties: [] }), 400, undefined, 'duties'],
      [duties({ qualification: '' }), 400, undefined, 'qualification'],
      [duties({ superiorPostId: posts.clerk }), 422, 'POST.OWN_SUPERIOR', 'superiorPostId'],
      [duties({ collaboratorPostIds: [posts.clerk] }), 422, 'POST.OWN_COLLABORATOR', 'collaboratorPostIds'],
      [duties({ superiorPostId: '00000000-0000-4000-8000-000000000000' }), 422, 'POST.NO_SUCH_POST', 'superiorPostId'],
      [duties({ collaboratorPostIds: ['00000000-0000-4000-8000-000000000000'] }), 422, 'POST.NO_SUCH_POST', 'collaboratorPostIds'],
    ];
    for (const [body, status, code, field] of cases) expectProblem(await put(posts.clerk!, body), status, code, field);
    // The head of another office, and roles that do not manage posts.
    expectProblem(await put(posts.window!, duties({ collaboratorPostIds: [] }), w.tokens.head01), 403, 'POST.NOT_ALLOWED');
    for (const who of ['clerk01', 'handler01', 'leader01', 'inspector01'] as const) expectProblem(await put(posts.clerk!, duties(), w.tokens[who]), 403);
    expectProblem(await put('00000000-0000-4000-8000-000000000000', duties()), 404);
    expect(await written()).toEqual(before);
  });
});
