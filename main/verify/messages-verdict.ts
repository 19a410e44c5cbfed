/**
 * The plain sentence a legal clerk reads for one signature, in zh-CN and en.
 *
 * Owns: one sentence per (indication, sub-indication) of ETSI EN 319 102-1 §5.1.3, with who
 * signed, when (proven time before claimed time), and what changed afterwards.
 * Must never: soften a verdict ("valid" only for TOTAL_PASSED), or leave a sub-indication
 * without its own sentence (the table is a Record over every SubIndication, so the compiler
 * refuses a missing one).
 */
import type { Indication, SubIndication } from './indications';
import type { ChangeItem, ModificationFacts } from './verdict-model';

export interface MessageInput {
  readonly kind: 'signature' | 'timestamp';
  readonly indication: Indication;
  readonly subIndication: SubIndication | null;
  readonly signer: string | null;
  readonly claimedTime: string | null;
  readonly provenTime: string | null;
  readonly modificationsAfter: readonly ModificationFacts[];
  /** True when the failure comes from disallowed changes after signing (see README mapping). */
  readonly disallowedChanges?: boolean;
  readonly reason?: string | null;
}

type Pair = { readonly zh: string; readonly en: string };

/** Why it is not valid, per sub-indication (the sentence's second half). */
const WHY: Record<SubIndication, Pair> = {
  FORMAT_FAILURE: {
    zh: '签名的结构不符合规范或被篡改，无法据此证明文档内容',
    en: 'the signature is malformed or was tampered with, so it proves nothing about the document',
  },
  HASH_FAILURE: {
    zh: '签署后文档内容被更改，与签名不再相符',
    en: 'the signed content was changed after signing and no longer matches the signature',
  },
  SIG_CRYPTO_FAILURE: {
    zh: '签名值无法用签署人证书验证，签名是伪造的或已损坏',
    en: "the signature value does not verify with the signer's certificate: it is forged or damaged",
  },
  REVOKED: {
    zh: '签署人的证书在签署之前已被吊销',
    en: "the signer's certificate had been revoked before the signature was made",
  },
  EXPIRED: {
    zh: '时间戳证明签名是在签署人证书过期之后做出的',
    en: "a timestamp proves the signature was made after the signer's certificate expired",
  },
  NOT_YET_VALID: {
    zh: '签署时签署人的证书尚未生效',
    en: "the signer's certificate was not yet valid when the signature was made",
  },
  SIG_CONSTRAINTS_FAILURE: {
    zh: '签名不满足验证策略的要求（例如时间戳与证书有效期不符）',
    en: 'the signature does not meet the validation policy (for example a timestamp outside a certificate validity)',
  },
  CHAIN_CONSTRAINTS_FAILURE: {
    zh: '证书链不满足要求（例如签发机构无权签发证书，或证书用途不允许签名）',
    en: 'the certificate chain breaks a rule (for example an issuer that may not issue certificates, or a certificate not meant for signing)',
  },
  CERTIFICATE_CHAIN_GENERAL_FAILURE: {
    zh: '证书链无法验证（签发机构的签名错误或吊销状态未知）',
    en: 'the certificate chain cannot be validated (a bad issuer signature or an unknown revocation status)',
  },
  CRYPTO_CONSTRAINTS_FAILURE: {
    zh: '签名使用的算法或密钥长度在签署时已不安全',
    en: 'the signature uses an algorithm or key size that was no longer secure when it was made',
  },
  POLICY_PROCESSING_ERROR: {
    zh: '验证策略无法处理',
    en: 'the validation policy could not be processed',
  },
  SIGNATURE_POLICY_NOT_AVAILABLE: {
    zh: '签名要求的签名策略不可用',
    en: 'the signature policy the signature names is not available',
  },
  TIMESTAMP_ORDER_FAILURE: {
    zh: '时间戳的先后顺序不合理',
    en: 'the timestamps are in an impossible order',
  },
  NO_SIGNING_CERTIFICATE_FOUND: {
    zh: '找不到签署人的证书，或签名所指的证书与实际签名的证书不一致',
    en: "the signer's certificate is missing, or differs from the one the signature names",
  },
  NO_CERTIFICATE_CHAIN_FOUND: {
    zh: '签署人的证书不是由您信任的机构签发的（可用“sealdesk trust import”导入您信任的根证书）',
    en: 'the signer\'s certificate was not issued by an authority you trust (import the root you trust with "sealdesk trust import")',
  },
  REVOKED_NO_POE: {
    zh: '签署人的证书已被吊销，且没有可信时间戳证明签名早于吊销；签署人自述的签署时间不能作为证明',
    en: "the signer's certificate was revoked and no trusted timestamp proves the signature was made before that; the signing time the signer states is not proof",
  },
  REVOKED_CA_NO_POE: {
    zh: '签发机构的证书已被吊销，且没有可信时间戳证明签名早于吊销',
    en: "an issuing authority's certificate was revoked and no trusted timestamp proves the signature was made before that",
  },
  OUT_OF_BOUNDS_NO_POE: {
    zh: '签署人证书链中的证书已过期，且没有可信时间戳证明签名是在其有效期内做出的；签署人自述的签署时间不能作为证明',
    en: "a certificate of the signer's chain has expired and no trusted timestamp proves the signature was made while it was valid; the signing time the signer states is not proof",
  },
  OUT_OF_BOUNDS_NOT_REVOKED: {
    zh: '签署人的证书已过期（未被吊销），但没有可信时间戳证明签名是在有效期内做出的',
    en: "the signer's certificate has expired (it was not revoked), but no trusted timestamp proves the signature was made while it was valid",
  },
  REVOCATION_OUT_OF_BOUNDS_NO_POE: {
    zh: '吊销信息超出证书有效期，且没有可信时间戳',
    en: 'the revocation information lies outside the certificate validity and no trusted timestamp helps',
  },
  CRYPTO_CONSTRAINTS_FAILURE_NO_POE: {
    zh: '签名使用的算法现已不安全，且没有可信时间戳证明签名是在算法仍安全时做出的',
    en: 'the signature uses an algorithm that is no longer secure and no trusted timestamp proves it was made while the algorithm was still secure',
  },
  NO_POE: {
    zh: '没有证明签名存在时间的可信时间戳',
    en: 'no trusted timestamp proves when the signature existed',
  },
  TRY_LATER: {
    zh: '缺少证书吊销信息（可联网后使用 --online 重新验证）',
    en: 'revocation information is missing (verify again with --online when a network is available)',
  },
  SIGNED_DATA_NOT_FOUND: {
    zh: '文档中找不到签名数据',
    en: 'the signature data cannot be found in the document',
  },
};

const KIND_WORDS: Record<string, Pair> = {
  none: { zh: '无实质更改', en: 'no material change' },
  metadata: { zh: '文档元数据更新', en: 'document metadata updates' },
  signature: { zh: '新增签名', en: 'a new signature' },
  'dss-or-timestamp': {
    zh: '补充验证数据或文档时间戳',
    en: 'validation data or a document timestamp',
  },
  'form-fill': { zh: '表单填写', en: 'form filling' },
  annotation: { zh: '注释', en: 'annotations' },
  overlay: {
    zh: '覆盖在页面上的注释（可能遮盖签署内容）',
    en: 'an overlay that can cover the signed content',
  },
  other: {
    zh: '内容或结构更改（如页面、内容、字体或图像被更改或新增）',
    en: 'content or structure changes (pages, content, fonts or images changed or added)',
  },
};

function kindWords(kind: string): Pair {
  return KIND_WORDS[kind] ?? { zh: `其他更改（${kind}）`, en: `other changes (${kind})` };
}

/** "2026-11-23" in the document's own terms: the calendar day in UTC. */
export function dayOf(iso: string | null): string | null {
  return iso ? iso.slice(0, 10) : null;
}

function pagesText(pages: readonly number[]): Pair {
  if (pages.length === 0) return { zh: '', en: '' };
  const list = pages.slice(0, 10).join(', ') + (pages.length > 10 ? ', …' : '');
  return { zh: `第 ${list} 页`, en: pages.length === 1 ? `page ${list}` : `pages ${list}` };
}

function changesText(mods: readonly ModificationFacts[], allowed: boolean): Pair {
  const chosen = mods.filter((m) => m.allowed === allowed);
  const zh: string[] = [];
  const en: string[] = [];
  for (const m of chosen) {
    const w = kindWords(m.kind);
    const p = pagesText(m.pages);
    zh.push(p.zh ? `${p.zh}${w.zh}` : w.zh);
    en.push(p.en ? `${w.en} on ${p.en}` : w.en);
  }
  return { zh: [...new Set(zh)].join('、'), en: [...new Set(en)].join(', ') };
}

const ANNOTATION_WORDS: Record<string, Pair> = {
  FreeText: { zh: '文字批注', en: 'a text box (FreeText)' },
  Square: { zh: '矩形标记', en: 'a rectangle mark (Square)' },
  Circle: { zh: '椭圆标记', en: 'an ellipse mark (Circle)' },
  Text: { zh: '便签', en: 'a note (Text)' },
  Highlight: { zh: '高亮', en: 'a highlight' },
  Underline: { zh: '下划线', en: 'an underline' },
  StrikeOut: { zh: '删除线', en: 'a strike-out' },
  Squiggly: { zh: '波浪线', en: 'a squiggly underline' },
  Ink: { zh: '手绘标记', en: 'a freehand mark (Ink)' },
  Stamp: { zh: '图章', en: 'a stamp' },
  Line: { zh: '直线', en: 'a line' },
  Polygon: { zh: '多边形标记', en: 'a polygon mark' },
  PolyLine: { zh: '折线标记', en: 'a polyline mark' },
  Link: { zh: '链接', en: 'a link' },
  Caret: { zh: '插入标记', en: 'a caret mark' },
  FileAttachment: { zh: '附件', en: 'a file attachment' },
};

const onPages = (pages: readonly number[]): Pair => {
  const p = pagesText(pages);
  return { zh: p.zh ? `${p.zh}` : '', en: p.en ? ` on ${p.en}` : '' };
};

/**
 * What later revisions did, as one clause: "afterwards a document timestamp and validation data
 * were added, the field 金额 was filled in on page 2" / "此后添加了文档时间戳和验证数据，第 2 页的字段“金额”被填写".
 */
export function itemsText(items: readonly ChangeItem[]): Pair | undefined {
  if (items.length === 0) return undefined;
  const has = (w: ChangeItem['what']): boolean => items.some((i) => i.what === w);
  const zh: string[] = [];
  const en: string[] = [];
  if (has('document-timestamp') && has('validation-data')) {
    zh.push('添加了文档时间戳和验证数据');
    en.push('a document timestamp and validation data were added');
  } else if (has('document-timestamp')) {
    zh.push('添加了文档时间戳');
    en.push('a document timestamp was added');
  } else if (has('validation-data')) {
    zh.push('添加了验证数据（证书和吊销信息）');
    en.push('validation data (certificates and revocation data) were added');
  }
  if (has('signature')) {
    zh.push('添加了新的签名');
    en.push('a further signature was added');
  }
  for (const i of items.filter((x) => x.what === 'form-field')) {
    const p = onPages(i.pages);
    zh.push(`${p.zh}的字段“${i.name ?? ''}”被填写`);
    en.push(`the field "${i.name ?? ''}" was filled in${p.en}`);
  }
  for (const i of items.filter((x) => x.what === 'annotation')) {
    const p = onPages(i.pages);
    const w = ANNOTATION_WORDS[i.name ?? ''] ?? {
      zh: `注释（${i.name ?? '?'}）`,
      en: `an annotation (${i.name ?? '?'})`,
    };
    zh.push(`${p.zh}添加了${w.zh}`);
    en.push(`${w.en} was added${p.en}`);
  }
  if (has('metadata')) {
    zh.push('文档元数据被更新');
    en.push("the document's metadata was updated");
  }
  const enList =
    en.length <= 1 ? en.join('') : `${en.slice(0, -1).join(', ')} and ${en[en.length - 1]!}`;
  const which = en.length === 1 ? 'which is a permitted change' : 'which are permitted changes';
  return { zh: `此后${[...new Set(zh)].join('，')}`, en: `afterwards ${enList}, ${which}` };
}

/** The zh-CN and en sentences for one signature or document timestamp. */
export function verdictMessages(m: MessageInput): { zh: string; en: string } {
  const who = m.signer ?? null;
  // zh-CN puts the organisation in full-width brackets: 张三（示例科技有限公司）.
  const whoZh = who ? who.replace(/ \(([^()]*)\)$/, '（$1）') : null;
  const when = dayOf(m.provenTime) ?? dayOf(m.claimedTime);
  const proven = m.provenTime !== null;
  const isTs = m.kind === 'timestamp';
  const disallowed = m.modificationsAfter.filter((x) => !x.allowed);
  const allowedChanges = m.modificationsAfter.filter((x) => x.allowed);

  const signedZh = isTs
    ? `时间戳机构${whoZh ? ` ${whoZh} ` : ''}证明文档${when ? `于 ${when} ` : ''}已经存在`
    : `由 ${whoZh ?? '未知签署人'} ${when ? `于 ${when}${proven ? '（有可信时间戳证明）' : ''} ` : ''}签署`;
  const signedEn = isTs
    ? `the time-stamping authority${who ? ` ${who}` : ''} proves the document existed${when ? ` on ${when}` : ''}`
    : `signed by ${who ?? 'an unknown signer'}${when ? ` on ${when}${proven ? ' (proven by a trusted timestamp)' : ''}` : ''}`;

  if (m.indication === 'TOTAL_PASSED') {
    if (m.modificationsAfter.length === 0) {
      return {
        zh: `有效：${signedZh}，${isTs ? '此后' : '签署后'}文档未被修改。`,
        en: `Valid: ${signedEn}; the document has not been changed since.`,
      };
    }
    const named = itemsText(allowedChanges.flatMap((x) => x.items ?? []));
    const named2 = allowedChanges.every((x) => (x.items ?? []).length > 0 || x.kind === 'none');
    if (named && named2) {
      return {
        zh: `有效：${signedZh}；${named.zh}，这些都是允许的更改，签署的内容未被改变。`,
        en: `Valid: ${signedEn}; ${named.en}, and the signed content is unchanged.`,
      };
    }
    const c = changesText(allowedChanges, true);
    return {
      zh: `有效：${signedZh}；此后的更改均为允许的类型（${c.zh}），签署的内容未被改变。`,
      en: `Valid: ${signedEn}; the later changes are of permitted kinds (${c.en}) and the signed content is unchanged.`,
    };
  }

  if (
    m.disallowedChanges &&
    disallowed.some((x) => x.details.some((d) => /cross-reference data is broken/.test(d)))
  ) {
    // An incremental saving attack or a damaged update: the changes cannot be shown.
    return {
      zh: `无效：${signedZh}，但签署后文件被更改，且其结构已损坏，无法分析更改内容；您看到的内容可能不是签署时的内容。`,
      en: `Not valid: ${signedEn}, but the file was changed afterwards and its structure is damaged, so the changes cannot be shown; what you see may not be what was signed.`,
    };
  }
  if (m.disallowedChanges && disallowed.length > 0) {
    const c = changesText(disallowed, false);
    return {
      zh: `无效：${signedZh}，但签署后文档被以不允许的方式修改（${c.zh}），您看到的内容可能不是签署时的内容。`,
      en: `Not valid: ${signedEn}, but the document was changed afterwards in a way that is not allowed (${c.en}); what you see may not be what was signed.`,
    };
  }
  const sub = m.subIndication ?? 'FORMAT_FAILURE';
  const why = WHY[sub];
  if (m.indication === 'TOTAL_FAILED') {
    return {
      zh: `无效：${isTs ? '文档时间戳' : '签名'}（${signedZh}）${why.zh}。`,
      en: `Not valid: the ${isTs ? 'document timestamp' : 'signature'} (${signedEn}) fails because ${why.en}.`,
    };
  }
  return {
    zh: `无法确认有效：${isTs ? '文档时间戳' : '签名'}（${signedZh}）${why.zh}。`,
    en: `Cannot be confirmed: the ${isTs ? 'document timestamp' : 'signature'} (${signedEn}) is undetermined because ${why.en}.`,
  };
}

/** The sentence for a file that could not be verified at all. */
export function unreadableMessages(reasonZh: string, reasonEn: string): { zh: string; en: string } {
  return {
    zh: `无法验证：文件无法读取或结构损坏（${reasonZh}）。`,
    en: `Cannot be verified: the file cannot be read or is malformed (${reasonEn}).`,
  };
}
