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
    for (const f of e.errors) if (f.field) fields[f.field] = fieldText(f.message);
    if (e.errors.length === 0 || e.status >= 409 || e.status === 403) ElMessage.error(describe(e));
    return e.errors.length > 0;
  }

  return { fields, clear, show };
}

export function describe(e: ApiError): string {
  if (e.status === 403) return `无权限：${e.detail}`;
  if (e.status === 0) return e.detail;
  return `${e.detail}（${e.code}）`;
}
