/**
 * Error catalogue of the RFC 3161 time-stamp client (tsa-client.ts).
 *
 * Owns: the codes and messages raised while asking TSAs for a token.
 * Must never: carry credentials: params hold URLs (without user info), statuses and reasons.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const timestampError = defineErrors({
  TSA_UNREACHABLE: {
    category: 'io',
    en: 'No time-stamp authority could be reached: {attempts}. Check the network connection and the TSA addresses in the settings, then try again.',
    zh: '无法连接任何时间戳服务（TSA）：{attempts}。请检查网络连接和设置中的 TSA 地址后重试。',
  },
  TSA_REJECTED: {
    category: 'io',
    en: 'The time-stamp authority {url} refused the request ({status}; {failInfo}). Tried: {attempts}. Check the TSA policy and hash settings, or use another TSA.',
    zh: '时间戳服务 {url} 拒绝了请求（{status}；{failInfo}）。已尝试：{attempts}。请检查 TSA 策略和摘要算法设置，或改用其他 TSA。',
  },
  TSA_BAD_RESPONSE: {
    category: 'io',
    en: 'The time-stamp authority {url} answered with an unusable response ({reason}). Tried: {attempts}. Use another TSA or report the problem to its operator.',
    zh: '时间戳服务 {url} 的应答无法使用（{reason}）。已尝试：{attempts}。请改用其他 TSA，或向其运营方报告此问题。',
  },
  TSA_UNAUTHORISED: {
    category: 'usage',
    en: 'The time-stamp authority {url} refused the credentials (HTTP {httpStatus}). Tried: {attempts}. Check the user name and password stored for this TSA.',
    zh: '时间戳服务 {url} 拒绝了登录凭据（HTTP {httpStatus}）。已尝试：{attempts}。请检查为该 TSA 保存的用户名和密码。',
  },
  TSA_NO_URL: {
    category: 'usage',
    en: 'No time-stamp authority is configured. Add a TSA address in the settings or pass --tsa URL.',
    zh: '未配置时间戳服务（TSA）。请在设置中添加 TSA 地址，或使用 --tsa URL 参数。',
  },
});
