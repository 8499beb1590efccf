import { ElMessage } from 'element-plus';
import { reactive } from 'vue';
import { ApiError } from '../api/http';

/** The API's field messages (class-validator, in English) in the words a clerk reads. */
function fieldText(message: string): string {
  if (/phone number/i.test(message)) return '电话号码无效';
  if (/resident ID|identity card/i.test(message)) return '身份证号无效（校验位或出生日期不对）';
  if (/should not be empty|must be longer than or equal to 1|must be a string|must be defined/i.test(message)) return '此项必填';
  if (/must be a UUID/i.test(message)) return '请从列表中选择';
  if (/must not be less than|must not be greater than|must be an integer/i.test(message)) return `数值超出范围（${message}）`;
  return `输入有误：${message}`;
}

/** The API's own refusals of one field, by code, as a clerk reads them (others fall back to fieldText). */
const CODE_TEXT: Record<string, string> = {
  'REJECTION.RECIPIENT_ID_MISMATCH': '身份证号与申请人不符',
  'REJECTION.AUTHORIZATION_REQUIRED': '代理人须提供申请人的授权委托书',
  'REJECTION.AUTHORIZATION_MISMATCH': '授权委托书不是申请人出具的',
  'REJECTION.AGENT_IS_APPLICANT': '申请人本人领取请选“申请人本人”',
  'REJECTION.SIGNATURE_MISMATCH': '签收姓名须与领取人姓名一致',
  'REJECTION.RETURN_TOO_MANY': '超过可退还的份数',
  'REJECTION.RETURN_ITEM_NOT_RECEIVED': '该材料未随本案提交',
  'ABSENCE.NOT_AHEAD': '请在开始前登记',
  'ABSENCE.ENDS_BEFORE_START': '结束时间须晚于开始时间',
  'ABSENCE.TOO_LONG': '一次最长一年',
  'ABSENCE.OVERLAP': '该时段已登记过请假外出',
  'ABSENCE.STAND_IN_IS_SELF': '顶岗人不能是本人',
  'ABSENCE.STAND_IN_ABSENT': '顶岗人在此期间也不在岗',
  'ABSENCE.HANDOVER_REQUIRED': '超过一个工作日：须接替人先确认交接清单',
  'ABSENCE.NO_SUBSTITUTE': '整个期间没有在岗的接替人（B角、顶岗人、股室负责人或领导）',
  'SERVICE_ITEM.COMMITMENT_TOO_LONG': '承诺时限须比法定时限至少缩短三分之一',
  'POST.HOLDER_NOT_IN_OFFICE': '此人不在该岗位所属科室',
  'STAFF.SELF_LOCKOUT': '不能停用自己或去掉自己的管理员角色',
  'CALENDAR.WRONG_YEAR': '日期不在该年度内',
  'CALENDAR.MAKE_UP_NOT_WEEKEND': '调休上班日须是周末',
  'CALENDAR.BOTH_HOLIDAY_AND_WORKDAY': '同一天不能既放假又上班',
  'EVALUATION.NOT_IN_CHARGE': '只能评议分管的科室（主要领导可评议全部科室）',
  'EVALUATION.NOT_FAILING': '只有考评不合格的科室需要组织核查',
  'PUBLIC.BAD_PERIOD': '效能通报按月公开：请填写月份，如 2026-03',
  'PUBLIC.MONTH_NOT_OVER': '该月结束后才能公开通报',
  'PUBLIC.RELEASED': '已经公开过',
  'PUBLIC.NOT_PUBLISHED': '该期考评尚未公布，不能公开',
};

/**
 * Errors of one form: each API error shown next to the field it names (problem+json `errors[].field`),
 * anything else in a message at the top.
 */
export function useProblem() {
  const fields = reactive<Record<string, string>>({});

  function clear(): void {
    for (const k of Object.keys(fields)) delete fields[k];
  }

  /** Shows the error; returns true when it named at least one field. */
  function show(e: unknown): boolean {
    clear();
    if (!(e instanceof ApiError)) {
      ElMessage.error(e instanceof Error ? e.message : String(e));
      return false;
    }
    if (e.status === 401) return false; // the router takes the user to login
    for (const f of e.errors) if (f.field) fields[f.field] = (e.errors.length === 1 && CODE_TEXT[e.code]) || fieldText(f.message);
    // A refusal of the input (400, 422) is shown by its fields alone; a conflict or a refusal of the person also on top.
    if (e.errors.length === 0 || (e.status >= 409 && e.status !== 422) || e.status === 403) ElMessage.error(describe(e));
    return e.errors.length > 0;
  }

  /** The message for a field or any of its items (`holidays` for `holidays.3`). */
  function under(field: string): string | undefined {
    return fields[field] ?? Object.entries(fields).find(([k]) => k.startsWith(`${field}.`))?.[1];
  }

  return { fields, clear, show, under };
}

export function describe(e: ApiError): string {
  if (e.status === 403) return `无权限：${e.detail}`;
  if (e.status === 0) return e.detail;
  return `${CODE_TEXT[e.code] ?? e.detail}（${e.code}）`;
}
