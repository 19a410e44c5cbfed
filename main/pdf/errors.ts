/**
 * Error catalogue of the PDF reader (file source, lexer, parser, filters, xref, recovery,
 * document, pages).
 *
 * Owns: the stable codes and the en / zh-CN messages for every way reading a PDF can fail.
 * Must never: carry passwords or document content in params; only file names, offsets, counts
 * and short reasons.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const pdfError = defineErrors({
  PDF_NOT_FOUND: {
    category: 'input',
    en: 'The file "{file}" does not exist. Check the path and choose the PDF again.',
    zh: '文件“{file}”不存在。请检查路径并重新选择 PDF 文件。',
  },
  PDF_IS_DIRECTORY: {
    category: 'input',
    en: '"{file}" is a folder, not a PDF file. Choose a PDF file inside it instead.',
    zh: '“{file}”是一个文件夹，不是 PDF 文件。请选择其中的 PDF 文件。',
  },
  PDF_UNREADABLE: {
    category: 'io',
    en: 'The file "{file}" could not be read ({reason}). Check that it is not locked or on a disconnected drive, and that you may read it.',
    zh: '无法读取文件“{file}”（{reason}）。请确认文件未被占用、所在磁盘已连接，并且您有读取权限。',
  },
  PDF_NOT_A_PDF: {
    category: 'input',
    en: 'The file "{file}" is not a PDF document (no %PDF- header in its first 1024 bytes). Choose a PDF file.',
    zh: '文件“{file}”不是 PDF 文档（前 1024 字节内没有 %PDF- 文件头）。请选择 PDF 文件。',
  },
  PDF_EMPTY: {
    category: 'input',
    en: 'The file "{file}" is empty (0 bytes). It may not have been saved or copied completely; get the document again.',
    zh: '文件“{file}”是空文件（0 字节），可能未完整保存或复制。请重新获取该文档。',
  },
  PDF_TRUNCATED: {
    category: 'input',
    en: 'The PDF "{file}" is cut off at byte {offset} ({reason}). It was probably not downloaded or copied completely; get the document again.',
    zh: 'PDF 文件“{file}”在第 {offset} 字节处被截断（{reason}）。文件可能未完整下载或复制，请重新获取该文档。',
  },
  PDF_SYNTAX: {
    category: 'input',
    en: 'The PDF "{file}" is damaged near byte {offset}: {reason}. Ask the sender for an intact copy.',
    zh: 'PDF 文件“{file}”在第 {offset} 字节附近已损坏：{reason}。请向发送方索取完好的副本。',
  },
  PDF_XREF_BROKEN: {
    category: 'input',
    en: 'The PDF "{file}" is damaged: its cross-reference table cannot be read or rebuilt ({reason}). Ask the sender for an intact copy.',
    zh: 'PDF 文件“{file}”已损坏：无法读取或重建其交叉引用表（{reason}）。请向发送方索取完好的副本。',
  },
  PDF_OBJECT_MISSING: {
    category: 'input',
    en: 'The PDF "{file}" is damaged: object {ref} ({what}) is missing. Ask the sender for an intact copy.',
    zh: 'PDF 文件“{file}”已损坏：缺少对象 {ref}（{what}）。请向发送方索取完好的副本。',
  },
  PDF_TOO_COMPLEX: {
    category: 'input',
    en: 'The PDF "{file}" exceeds a safety limit ({reason}). It may be malformed or crafted to exhaust memory; it was not processed further.',
    zh: 'PDF 文件“{file}”超出了安全限制（{reason}）。该文件可能已损坏或被恶意构造以耗尽内存，已停止处理。',
  },
  PDF_FILTER_UNSUPPORTED: {
    category: 'input',
    en: 'The PDF "{file}" uses the stream filter {filter}, which Sealdesk cannot decode here. Convert the file with another PDF tool and try again.',
    zh: 'PDF 文件“{file}”使用了 Sealdesk 在此无法解码的流过滤器 {filter}。请用其他 PDF 工具转换该文件后重试。',
  },
  PDF_FILTER_BROKEN: {
    category: 'input',
    en: 'The PDF "{file}" is damaged: a {filter} stream cannot be decoded ({reason}). Ask the sender for an intact copy.',
    zh: 'PDF 文件“{file}”已损坏：无法解码 {filter} 流（{reason}）。请向发送方索取完好的副本。',
  },
  PDF_PAGE_TREE_BROKEN: {
    category: 'input',
    en: 'The PDF "{file}" is damaged: its page tree is invalid ({reason}). Ask the sender for an intact copy.',
    zh: 'PDF 文件“{file}”已损坏：页面树无效（{reason}）。请向发送方索取完好的副本。',
  },
  PDF_PAGE_OUT_OF_RANGE: {
    category: 'usage',
    en: 'Page {page} does not exist in "{file}", which has {count} pages. Choose a page between 1 and {count}.',
    zh: '“{file}”共有 {count} 页，不存在第 {page} 页。请选择 1 到 {count} 之间的页码。',
  },
  PDF_REVISION_OUT_OF_RANGE: {
    category: 'usage',
    en: 'Revision {revision} does not exist in "{file}", which has {count} revisions.',
    zh: '“{file}”共有 {count} 个修订版本，不存在修订版本 {revision}。',
  },
  PDF_CLOSED: {
    category: 'internal',
    en: 'The PDF "{file}" was already closed when it was read. Please report this.',
    zh: '读取 PDF 文件“{file}”时它已被关闭。请报告此问题。',
  },
});

export type PdfErrorCode = keyof typeof pdfError.definitions;
