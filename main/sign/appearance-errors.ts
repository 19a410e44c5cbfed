/** Errors raised while placing seals, cross-page seals and date stamps on pages (main/sign). */
import { defineErrors } from '../errors/sealdesk-error';

export const appearanceErrors = defineErrors({
  APPEARANCE_PAGE_OUT_OF_RANGE: {
    category: 'usage',
    en: 'Page {page} does not exist in {file}: it has {pages} page(s). Nothing was written; choose a page from 1 to {pages}.',
    zh: '文件 {file} 没有第 {page} 页：它共有 {pages} 页。未写入任何内容；请选择第 1 至 {pages} 页。',
  },
  APPEARANCE_OUTSIDE_PAGE: {
    category: 'usage',
    en: 'The {what} at ({x} mm, {y} mm) on page {page} of {file} does not fit on the page, which is {width} x {height} mm as shown. Nothing was written; place it so that it lies entirely on the page.',
    zh: '文件 {file} 第 {page} 页上位于（{x} 毫米，{y} 毫米）的{whatZh}超出了页面（页面显示尺寸为 {width} x {height} 毫米）。未写入任何内容；请把它完整地放在页面内。',
  },
  APPEARANCE_NO_SEAL: {
    category: 'usage',
    en: 'Placements on pages were given for {file} but no seal. Choose a seal (--seal SEAL.json).',
    zh: '为文件 {file} 指定了盖章位置，但没有指定印章。请选择印章（--seal SEAL.json）。',
  },
  APPEARANCE_BAD_PLACEMENT: {
    category: 'usage',
    en: 'The placement "{detail}" is not valid. Give a page number from 1 and a position in millimetres.',
    zh: '盖章位置“{detail}”无效。请给出从 1 开始的页码和以毫米为单位的位置。',
  },
  APPEARANCE_PAGING_PAGES: {
    category: 'usage',
    en: 'A cross-page seal needs 2 to {max} different pages of {file}; {count} were chosen. Choose other pages.',
    zh: '骑缝章需要文件 {file} 中 2 至 {max} 个不同的页面；当前选择了 {count} 页。请重新选择页面。',
  },
  APPEARANCE_EXISTING_FIELD: {
    category: 'usage',
    en: 'The field "{field}" already exists in {file}; a signature with seals on pages is written as a new field. Give a new field name or leave --field out.',
    zh: '文件 {file} 中已有字段“{field}”；带印章的签名会写成新的签名域。请使用新的名称，或不指定 --field。',
  },
  APPEARANCE_GLYPH_MISSING: {
    category: 'input',
    en: 'The font for the signature text has no glyph for {chars} (in "{text}"). Remove or replace these characters.',
    zh: '签名文字所用字体中没有 {chars} 这些字（见“{text}”）。请删除或替换这些字。',
  },
  APPEARANCE_BAD_TIME_ZONE: {
    category: 'usage',
    en: 'Unknown time zone "{zone}". Use an IANA name such as Asia/Shanghai or UTC.',
    zh: '未知时区“{zone}”。请使用 IANA 时区名，如 Asia/Shanghai 或 UTC。',
  },
});
