/**
 * PKCS#11 return values (CK_RV) as sentences a seal custodian can act on, in en and zh-CN.
 *
 * Owns: the CKR_* -> sentence table (PKCS#11 Base Specification v2.40 §5.1 / §11.1 for the
 * names and values) and the fallback for rare or vendor-defined codes: "the token reported error
 * CKR_XXX (0x..)". pkcs11js throws a Pkcs11Error whose `message` is the CKR name and whose
 * `code` is the number; `returnCodeOf` reads both.
 * Must never: import pkcs11js (this table is pure data), or echo anything the caller typed.
 */

export interface Sentence {
  readonly en: string;
  readonly zh: string;
}

const TABLE: Readonly<Record<string, Sentence>> = {
  CKR_CANCEL: { en: 'the operation was cancelled', zh: '操作已取消' },
  CKR_HOST_MEMORY: { en: 'the computer ran out of memory', zh: '计算机内存不足' },
  CKR_SLOT_ID_INVALID: { en: 'the card reader slot no longer exists', zh: '读卡器插槽已不存在' },
  CKR_GENERAL_ERROR: {
    en: 'the token or its driver failed (general error)',
    zh: '令牌或其驱动发生故障（一般错误）',
  },
  CKR_FUNCTION_FAILED: {
    en: 'the token could not perform the operation',
    zh: '令牌无法执行该操作',
  },
  CKR_ARGUMENTS_BAD: {
    en: 'the driver rejected the request as malformed',
    zh: '驱动认为请求格式错误',
  },
  CKR_ATTRIBUTE_SENSITIVE: {
    en: 'the token does not reveal this value (it is sensitive)',
    zh: '令牌不公开该值（敏感属性）',
  },
  CKR_ATTRIBUTE_TYPE_INVALID: {
    en: 'the token does not know one of the requested attributes',
    zh: '令牌不支持所请求的某个属性',
  },
  CKR_ATTRIBUTE_VALUE_INVALID: {
    en: 'the token rejected an attribute value',
    zh: '令牌拒绝了某个属性值',
  },
  CKR_ACTION_PROHIBITED: { en: 'the token policy forbids this action', zh: '令牌策略禁止此操作' },
  CKR_DATA_INVALID: { en: 'the token rejected the data to sign', zh: '令牌拒绝了待签名数据' },
  CKR_DATA_LEN_RANGE: {
    en: 'the data to sign has a length the key cannot sign',
    zh: '待签名数据的长度超出该密钥的处理范围',
  },
  CKR_DEVICE_ERROR: { en: 'the token reported a hardware fault', zh: '令牌报告硬件故障' },
  CKR_DEVICE_MEMORY: { en: 'the token is out of memory', zh: '令牌存储空间不足' },
  CKR_DEVICE_REMOVED: { en: 'the token was removed', zh: '令牌已被拔出' },
  CKR_FUNCTION_CANCELED: {
    en: 'the operation was cancelled on the token',
    zh: '操作已在令牌上取消',
  },
  CKR_FUNCTION_NOT_SUPPORTED: {
    en: 'the token driver does not support this operation',
    zh: '令牌驱动不支持此操作',
  },
  CKR_FUNCTION_REJECTED: {
    en: 'the signature was declined on the token (PIN pad or button)',
    zh: '已在令牌上拒绝签名（密码键盘或按键）',
  },
  CKR_KEY_HANDLE_INVALID: { en: 'the key is no longer available', zh: '该密钥已不可用' },
  CKR_KEY_SIZE_RANGE: { en: 'the key size is not supported', zh: '不支持该密钥长度' },
  CKR_KEY_TYPE_INCONSISTENT: {
    en: 'the key type does not fit the signature method',
    zh: '密钥类型与签名算法不匹配',
  },
  CKR_KEY_FUNCTION_NOT_PERMITTED: {
    en: 'the key is not allowed to sign (its usage excludes signing)',
    zh: '该密钥不允许签名（其用途不包括签名）',
  },
  CKR_MECHANISM_INVALID: {
    en: 'the token does not offer this signature method',
    zh: '令牌不提供该签名算法',
  },
  CKR_MECHANISM_PARAM_INVALID: {
    en: 'the token rejected the parameters of the signature method',
    zh: '令牌拒绝了签名算法的参数',
  },
  CKR_OBJECT_HANDLE_INVALID: {
    en: 'an object on the token is no longer available',
    zh: '令牌上的对象已不可用',
  },
  CKR_OPERATION_ACTIVE: {
    en: 'another operation is still running on the token',
    zh: '令牌上仍有其他操作正在进行',
  },
  CKR_OPERATION_NOT_INITIALIZED: {
    en: 'the token lost track of the operation',
    zh: '令牌未处于该操作的状态',
  },
  CKR_PIN_INCORRECT: { en: 'the PIN is incorrect', zh: 'PIN 不正确' },
  CKR_PIN_INVALID: {
    en: 'the PIN contains characters the token does not accept',
    zh: 'PIN 含有令牌不接受的字符',
  },
  CKR_PIN_LEN_RANGE: {
    en: 'the PIN is too short or too long for this token',
    zh: 'PIN 长度不符合该令牌的要求',
  },
  CKR_PIN_EXPIRED: {
    en: 'the PIN has expired and must be changed with the vendor tool',
    zh: 'PIN 已过期，请使用厂商工具修改',
  },
  CKR_PIN_LOCKED: { en: 'the PIN is locked', zh: 'PIN 已被锁定' },
  CKR_SESSION_CLOSED: { en: 'the session with the token was closed', zh: '与令牌的会话已关闭' },
  CKR_SESSION_COUNT: {
    en: 'the token has too many open sessions; close other programs using it',
    zh: '令牌打开的会话过多；请关闭其他正在使用它的程序',
  },
  CKR_SESSION_HANDLE_INVALID: {
    en: 'the session with the token is no longer valid',
    zh: '与令牌的会话已失效',
  },
  CKR_SESSION_READ_ONLY: { en: 'the session is read-only', zh: '会话为只读' },
  CKR_SIGNATURE_LEN_RANGE: { en: 'the signature has the wrong length', zh: '签名长度不正确' },
  CKR_TOKEN_NOT_PRESENT: { en: 'the token is not present', zh: '令牌不在位' },
  CKR_TOKEN_NOT_RECOGNIZED: {
    en: 'the reader does not recognise the token',
    zh: '读卡器无法识别该令牌',
  },
  CKR_TOKEN_WRITE_PROTECTED: { en: 'the token is write-protected', zh: '令牌处于写保护状态' },
  CKR_USER_ALREADY_LOGGED_IN: { en: 'the token is already logged in', zh: '令牌已登录' },
  CKR_USER_NOT_LOGGED_IN: { en: 'the token is not logged in', zh: '令牌尚未登录' },
  CKR_USER_PIN_NOT_INITIALIZED: {
    en: 'the token has no user PIN yet; set one with the vendor tool',
    zh: '令牌尚未设置用户 PIN；请使用厂商工具设置',
  },
  CKR_USER_TYPE_INVALID: { en: 'the token rejected the login type', zh: '令牌拒绝了该登录类型' },
  CKR_USER_ANOTHER_ALREADY_LOGGED_IN: {
    en: 'another user is logged in to the token',
    zh: '已有其他用户登录该令牌',
  },
  CKR_BUFFER_TOO_SMALL: {
    en: 'the token returned more data than expected',
    zh: '令牌返回的数据超出预期',
  },
  CKR_CRYPTOKI_NOT_INITIALIZED: {
    en: 'the token driver was shut down',
    zh: '令牌驱动已被关闭',
  },
  CKR_CRYPTOKI_ALREADY_INITIALIZED: {
    en: 'the token driver was already started by this program',
    zh: '令牌驱动已由本程序启动',
  },
};

/** Return codes meaning the token or the session is gone: the operation fails closed. */
export const SESSION_LOST_CODES: ReadonlySet<string> = new Set([
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_PRESENT',
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
  'CKR_CRYPTOKI_NOT_INITIALIZED',
]);

export interface ReturnCode {
  readonly name: string;
  readonly value: number;
}

/** Reads the CK_RV out of what pkcs11js threw (a Pkcs11Error), or undefined for anything else. */
export function returnCodeOf(e: unknown): ReturnCode | undefined {
  if (!(e instanceof Error)) return undefined;
  // Pkcs11Error: message "CKR_NAME", code N; errors from the async workers: "CKR_NAME:N".
  const named = /(CKR_[A-Z0-9_]+)(?::(\d+))?/.exec(e.message);
  if (!named?.[1]) return undefined;
  const code = (e as { code?: unknown }).code;
  const value = typeof code === 'number' && code !== 0 ? code : Number(named[2] ?? NaN);
  return { name: named[1], value: Number.isFinite(value) ? value : -1 };
}

const hex = (value: number): string =>
  value < 0 ? 'code unknown' : `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;

/** The sentence for a return code; rare codes fall back to their name and hex value. */
export function describeReturnCode(rv: ReturnCode): Sentence {
  const known = TABLE[rv.name];
  if (known) return known;
  return {
    en: `the token reported error ${rv.name} (${hex(rv.value)})`,
    zh: `令牌报告错误 ${rv.name}（${hex(rv.value)}）`,
  };
}

/** A sentence for anything thrown by a PKCS#11 call: CK_RV when there is one, else its text. */
export function describeFailure(e: unknown): Sentence {
  const rv = returnCodeOf(e);
  if (rv) return describeReturnCode(rv);
  const text = e instanceof Error ? e.message : String(e);
  return { en: text, zh: text };
}
