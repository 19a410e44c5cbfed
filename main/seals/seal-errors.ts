/**
 * Error catalogue of the seals module (generation, image import, seal library).
 *
 * Owns: the stable codes and the zh/en messages for every seal failure a user can act on.
 * Must never: put anything but names, sizes, counts and file names into params.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const sealError = defineErrors({
  SEAL_NAME_EMPTY: {
    category: 'input',
    en: 'The seal has no {field}. Enter the {field} exactly as registered.',
    zh: '印章缺少{fieldZh}。请按登记的内容填写{fieldZh}。',
  },
  SEAL_LABEL_TOO_LONG: {
    category: 'input',
    en: 'A seal\'s name in the library has at most {max} characters; "{name}…" has {count}. Choose a shorter name.',
    zh: '印章库中的印章名称最多 {max} 个字符；“{name}…”有 {count} 个。请换一个较短的名称。',
  },
  SEAL_NAME_TOO_LONG: {
    category: 'input',
    en: 'The name "{name}" has {count} characters: too long for a {kind} seal of {size} mm (at most {max}); shorten it or use a larger size.',
    zh: '名称“{name}”共 {count} 个字，对 {size} 毫米的{kindZh}印章来说太长（最多 {max} 个字）；请缩短名称或选用更大的尺寸。',
  },
  SEAL_SQUARE_NAME_LENGTH: {
    category: 'input',
    en: 'A square personal seal holds 2 to 4 characters; "{name}" has {count}. Use the personal name only (e.g. 张三, 欧阳修, 欧阳文忠).',
    zh: '方形人名章只能容纳 2 至 4 个字，“{name}”有 {count} 个字。请只填写姓名（如 张三、欧阳修、欧阳文忠）。',
  },
  SEAL_GLYPH_MISSING: {
    category: 'input',
    en: 'The seal font has no glyph for {chars} (in "{name}"). Remove or replace these characters; rare characters need a font that contains them.',
    zh: '印章字体中没有 {chars} 这些字（见“{name}”）。请删除或替换这些字；生僻字需要包含它们的字体。',
  },
  SEAL_SIZE_OUT_OF_RANGE: {
    category: 'input',
    en: 'A {kind} seal of {width} x {height} mm is outside the supported range {min}-{max} mm. Choose a size within it (typical: {typical}).',
    zh: '{width} x {height} 毫米的{kindZh}印章超出支持的范围 {min}-{max} 毫米。请在此范围内选择尺寸（常用：{typical}）。',
  },
  SEAL_FONT_NOT_FOUND: {
    category: 'io',
    en: 'No seal font was found (looked in: {paths}). Reinstall Sealdesk, or on Linux install the package fonts-noto-cjk.',
    zh: '未找到印章字体（已查找：{paths}）。请重新安装 Sealdesk；在 Linux 上可安装 fonts-noto-cjk 软件包。',
  },
  SEAL_IMAGE_UNSUPPORTED: {
    category: 'input',
    en: '{file} is not a PNG or JPEG image. Scan or export the seal as PNG (preferred, transparent background) or JPEG.',
    zh: '{file} 不是 PNG 或 JPEG 图像。请将印章扫描或导出为 PNG（推荐，透明背景）或 JPEG。',
  },
  SEAL_IMAGE_TOO_LARGE: {
    category: 'input',
    en: '{file} is {width} x {height} pixels: a {megapixels}-megapixel scan is larger than needed (limit 25); scan at 300 dpi.',
    zh: '{file} 为 {width} x {height} 像素：{megapixels} 百万像素的扫描件超出需要（上限 25 百万像素）；请以 300 dpi 扫描。',
  },
  SEAL_IMAGE_EMPTY: {
    category: 'input',
    en: '{file} has no pixels ({width} x {height}) or is damaged. Export the image again.',
    zh: '{file} 没有像素（{width} x {height}）或已损坏。请重新导出该图像。',
  },
  SEAL_IMAGE_NO_INK: {
    category: 'input',
    en: 'No red seal ink was found in {file}. Scan the stamped paper in colour, with the seal filling most of the image.',
    zh: '在 {file} 中没有找到红色印泥。请彩色扫描盖章的纸张，并让印章占据图像的大部分。',
  },
  SEAL_FILE_INVALID: {
    category: 'input',
    en: '{file} is not a valid Sealdesk seal file: {reason}. Export the seal again from Sealdesk.',
    zh: '{file} 不是有效的 Sealdesk 印章文件：{reason}。请从 Sealdesk 重新导出该印章。',
  },
  SEAL_NOT_FOUND: {
    category: 'input',
    en: 'There is no seal {id} in the seal library. List the seals to see their ids.',
    zh: '印章库中没有编号为 {id} 的印章。请列出印章以查看编号。',
  },
  SEAL_ALREADY_EXISTS: {
    category: 'input',
    en: 'The seal {id} ("{name}") is already in the seal library. Delete it first if you want to replace it.',
    zh: '印章 {id}（“{name}”）已在印章库中。如需替换，请先删除它。',
  },
  SEAL_PAGING_SLICES: {
    category: 'usage',
    en: 'A cross-page seal is cut into 2 to 20 slices, not {count}. Use it on a document of 2 to 20 pages, or on a page range.',
    zh: '骑缝章只能分成 2 至 20 份，不能是 {count} 份。请用于 2 至 20 页的文档或指定页码范围。',
  },
});

export type SealErrorCode = keyof typeof sealError.definitions;
