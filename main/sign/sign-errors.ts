/** Errors raised while preparing and writing a signature (main/sign). */
import { defineErrors } from '../errors/sealdesk-error';

export const signErrors = defineErrors({
  SIGN_INPUT_NOT_FOUND: {
    category: 'input',
    en: 'Cannot find {file}. Check the path and try again.',
    zh: '找不到文件 {file}。请检查路径后重试。',
  },
  SIGN_INPUT_IS_DIRECTORY: {
    category: 'input',
    en: '{file} is a folder, not a PDF. To sign many files at once use --batch.',
    zh: '{file} 是文件夹而不是 PDF。要一次签署多个文件，请使用 --batch。',
  },
  SIGN_OUTPUT_IS_INPUT: {
    category: 'usage',
    en: 'The output {file} is the input itself. Sealdesk never modifies an input: choose another output path.',
    zh: '输出文件 {file} 与输入文件相同。Sealdesk 从不修改输入文件：请选择其他输出路径。',
  },
  SIGN_INPUT_CHANGED: {
    category: 'input',
    en: '{file} changed while it was being signed (or since you confirmed it). Nothing was written; confirm and sign again.',
    zh: '文件 {file} 在签署过程中（或确认之后）被修改。未写入任何内容；请重新确认并签署。',
  },
  SIGN_DOCMDP_FORBIDS: {
    category: 'input',
    en: '{file} is certified with "no changes allowed" (DocMDP P=1): any new signature would invalidate the certification. Ask the certifier for an uncertified copy.',
    zh: '文件 {file} 已被认证为“禁止任何更改”（DocMDP P=1）：再添加签名会使该认证失效。请向认证方索取未认证的副本。',
  },
  SIGN_CERTIFY_NOT_FIRST: {
    category: 'usage',
    en: '{file} is already signed; a certification signature must be the first signature of a document. Sign without --certify.',
    zh: '文件 {file} 已有签名；认证签名必须是文档的第一个签名。请去掉 --certify 后签署。',
  },
  SIGN_FIELD_NOT_SIGNATURE: {
    category: 'usage',
    en: 'The field "{field}" in {file} is not a signature field. Choose a signature field or a new name.',
    zh: '文件 {file} 中的字段“{field}”不是签名域。请选择签名域或使用新的名称。',
  },
  SIGN_FIELD_ALREADY_SIGNED: {
    category: 'usage',
    en: 'The signature field "{field}" in {file} is already signed. Choose an empty field or a new name.',
    zh: '文件 {file} 中的签名域“{field}”已经签过名。请选择空白签名域或使用新的名称。',
  },
  SIGN_NO_PAGES: {
    category: 'input',
    en: '{file} has no pages, so there is nowhere to attach a signature. Check that it is a complete PDF.',
    zh: '文件 {file} 没有页面，无法附加签名。请检查它是否为完整的 PDF。',
  },
  SIGN_DAMAGED_PDF: {
    category: 'input',
    en: '{file} is damaged (truncated, or its cross-reference table is broken). Sealdesk will not sign a damaged file, because other programs could show different content from what you signed. Open it and save or print it as a new PDF, then sign that copy.',
    zh: '文件 {file} 已损坏（被截断或交叉引用表损坏）。Sealdesk 不会签署已损坏的文件，因为其他程序显示的内容可能与您签署的不同。请打开并另存为（或打印为）新的 PDF，再签署该副本。',
  },
  SIGN_CANCELLED: {
    category: 'cancelled',
    en: 'Signing {file} was cancelled. Nothing was written.',
    zh: '已取消签署 {file}。未写入任何内容。',
  },
  SIGN_TOO_LARGE_FOR_BYTERANGE: {
    category: 'input',
    en: '{file} is larger than a PDF signature can cover (9.9 GB). Split the document.',
    zh: '文件 {file} 超出 PDF 签名可覆盖的大小（9.9 GB）。请拆分文档。',
  },
});
