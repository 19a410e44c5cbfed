/**
 * The `--help` text of every `sealdesk` command, in zh-CN and en (command-table.ts pairs them
 * with the commands). Plain strings: this module imports nothing, so printing help loads no code
 * beyond the command table. docs/cli.md describes the same options; keep the two in step.
 * Must never: import anything (help must stay as cheap as starting node).
 */

/** One text in both languages. */
export interface Texts {
  readonly zh: string;
  readonly en: string;
}

const SIGN_ZH = `用法：sealdesk sign 输入.pdf -o 输出.pdf (--p12 文件 | --pkcs11 --token 标签) [选项]
      sealdesk sign --batch 文件...|文件夹 -o 输出文件夹 (--p12 文件 | --pkcs11 --token 标签) [选项]

以增量更新方式对 输入.pdf 进行 PAdES B-B 签名，写入 输出.pdf。输入文件不会被修改。

密钥（任选其一）：
  --p12 文件               存放私钥和证书的 PKCS#12（.p12/.pfx）文件
    --passphrase-env 变量  从环境变量读取其口令
    --passphrase-from-keychain 名称   从系统钥匙串读取其口令
    --remember-passphrase  成功打开后，以该文件的绝对路径为名称把口令保存到系统钥匙串
                           （均未提供时在终端询问）
  --pkcs11                 使用 PKCS#11 令牌（USB Key、智能卡）上的密钥
    --token 标签           令牌标签（参见“sealdesk tokens”）
    --module 路径          令牌驱动（默认：能发现该令牌的已知驱动）
    --key 标签 | --key-id 十六进制   密钥（默认：令牌上唯一的密钥）
    --pin-env 变量         从环境变量读取 PIN（不提供时显示令牌 PIN 状态并在终端询问）
    --confirm-final-try    无人可询问时，允许使用最后一次 PIN 尝试

批量：
  --batch                  把每个文件及每个文件夹中的 *.pdf 签入输出文件夹；先列出清单及
                           SHA-256 并只确认一次，只登录一次
  --recursive              同时查找文件夹的子文件夹
  -y, --yes                不询问直接确认（用于脚本）
  以下选项及盖章选项对每份文档相同；没有盖章所在页的文档会被报告且不签署。
  全部签署成功时退出码为 0，部分未签署时为 6。

选项：
  -o, --output 路径        已签名副本（单个文档）或输出文件夹（--batch）
  --password-env 变量      加密 PDF 的打开密码，从环境变量读取
  --field 名称             签入此空白签名域，或以此名称新建签名域
  --reason 文本            签署理由（/Reason）
  --location 文本          签署地点（/Location）
  --contact 文本           签署人联系方式（/ContactInfo）
  --certify 1|2|3          认证签名（DocMDP）：1 禁止更改；2 允许填表和签名；3 另允许注释
  --hash sha256|sha384|sha512   摘要算法（默认 sha256）
  --pss                    RSA 密钥使用 RSA-PSS
  --level B-B|B-T|B-LT|B-LTA   PAdES 级别（默认 B-B）。高于 B-B 时使用时间戳服务；若无服务应答，
                           先按当前可达级别签署并加入队列（sealdesk ltv augment --queue 提升级别）
  --tsa 网址               RFC 3161 时间戳服务（可重复，依次尝试）；其后尝试数据目录中
                           ltv-settings.json 配置的服务
  --json                   以 JSON 格式在标准输出打印结果（或批量汇总）
  --lang zh-CN|en          消息语言（默认跟随系统区域设置）
`;

const SIGN_EN = `Usage: sealdesk sign IN.pdf -o OUT.pdf (--p12 FILE | --pkcs11 --token LABEL) [options]
       sealdesk sign --batch FILE...|DIR -o OUTDIR (--p12 FILE | --pkcs11 --token LABEL) [options]

Signs IN.pdf as PAdES B-B by incremental update into OUT.pdf. IN.pdf is never modified.

Key (one of):
  --p12 FILE               PKCS#12 (.p12/.pfx) file holding the key and certificate
    --passphrase-env VAR   read its passphrase from environment variable VAR
    --passphrase-from-keychain NAME   read its passphrase from the OS keychain
    --remember-passphrase  after a successful open, keep the passphrase in the OS keychain
                           under the file's absolute path
                           (without these, Sealdesk asks on the terminal)
  --pkcs11                 a key on a PKCS#11 token (USB key, smart card)
    --token LABEL          the token's label (see "sealdesk tokens")
    --module PATH          the token driver (default: the known driver that sees the token)
    --key LABEL | --key-id HEX   the key (default: the only key on the token)
    --pin-env VAR          read the PIN from environment variable VAR (without it, Sealdesk
                           shows the token's PIN state and asks on the terminal)
    --confirm-final-try    allow the last PIN try when nobody can be asked

Batch:
  --batch                  sign every FILE, and every *.pdf in each DIR, into OUTDIR; shows
                           the list with SHA-256s and asks one confirmation, logs in once
  --recursive              also look into sub-folders of DIR
  -y, --yes                confirm the batch without asking (scripts)
  The options below and the seal flags apply to every document; one without a page a seal
  is placed on is reported and not signed. Exit code 0 when all were signed, 6 when some
  were not.

Options:
  -o, --output PATH        the signed copy (one document) or the output folder (--batch)
  --password-env VAR       open password of an encrypted PDF, from environment variable VAR
  --field NAME             sign this empty signature field, or create a field with this name
  --reason TEXT            reason for signing (/Reason)
  --location TEXT          where it was signed (/Location)
  --contact TEXT           signer contact information (/ContactInfo)
  --certify 1|2|3          certification signature (DocMDP): 1 no changes, 2 form filling
                           and signing, 3 also annotations
  --hash sha256|sha384|sha512   digest algorithm (default sha256)
  --pss                    use RSA-PSS with an RSA key
  --level B-B|B-T|B-LT|B-LTA   PAdES level (default B-B). Above B-B a time-stamp authority is
                           used; when none answers, the document is signed at the level
                           reached now and queued (sealdesk ltv augment --queue raises it)
  --tsa URL                an RFC 3161 time-stamp authority (repeat for failover); the
                           configured ones (ltv-settings.json in the data folder) follow
  --json                   print the result (or the batch summary) as JSON on stdout
  --lang zh-CN|en          message language (default: from the locale)
`;

const SIGN_SEAL_ZH = `页面盖章（坐标为距页面显示时左上角的毫米数）：
  --seal SEAL.json         要加盖的印章（由“sealdesk seal create/import”生成）
  --page N --at X,Y        把印章中心放在第 N 页的 X,Y 毫米处；可重复多对
  --paging-seal            骑缝章：跨越各页右侧边缘
  --pages all|1-5|1,3,5    骑缝章所用的页（默认全部）
  --date-stamp --page N --at X,Y   单独加盖签署日期
  --date-format 格式       如 YYYY年MM月DD日（默认）或 YYYY-MM-DD
  --time-zone 时区         如 Asia/Shanghai（默认：本机时区）
  --seal-text              在第一个印章下方写出签署人和日期
`;

const SIGN_SEAL_EN = `Seals on pages (coordinates in mm from the page's top-left corner as it is shown):
  --seal SEAL.json         the seal to stamp (from "sealdesk seal create/import")
  --page N --at X,Y        put the seal's centre at X,Y mm on page N; repeat the pair for more
  --paging-seal            cross-page seal (骑缝章) cut across the right edges of the pages
  --pages all|1-5|1,3,5    pages of the cross-page seal (default all)
  --date-stamp --page N --at X,Y   the signing date as its own stamp
  --date-format FORMAT     e.g. YYYY年MM月DD日 (default) or YYYY-MM-DD
  --time-zone ZONE         e.g. Asia/Shanghai (default: this computer's)
  --seal-text              signer name and date under the first seal
`;

const SEAL_ZH = `用法：
  sealdesk seal create --type round|oval|square|signature --org 名称 [--title 印章类型]
                       [--code 编码] [--size 毫米] [--name 印章名称] -o SEAL.json
                       [--svg 文件] [--png 文件]
  sealdesk seal import 扫描件.png|扫描件.jpg -o SEAL.json [--width-mm 毫米] [--name 名称] [--png 文件]
  sealdesk seal list [--library 目录] [--json]
  sealdesk seal add SEAL.json [--library 目录] [--json]
  sealdesk seal rename 编号 名称 [--library 目录] [--json]
  sealdesk seal delete 编号 [--library 目录] [--json]
  sealdesk seal export 编号 -o SEAL.json [--library 目录] [--json]

create   生成印章：圆形或椭圆形单位印章（--org 沿上弧排列，--title 如“合同专用章”位于五角星下方，
         --code 沿下弧排列）、方形人名章（--org 为 2 至 4 个字的姓名）或手写体签名（--org 为签名文字）
import   由扫描件生成图片印章：去除纸张底色为透明，并裁剪到印迹范围
list     列出印章库中的印章
add      把 SEAL.json 加入印章库（保留其编号；库中已有该编号时拒绝）
rename   为编号为“编号”的印章改名（1 至 60 个字）；印章图形不变
delete   从印章库中删除该印章
export   把该印章写入 SEAL.json，供另一台电脑用“seal add”加入（已有的文件会被以原子方式替换）

编号即“seal list”显示的印章编号。
--library 目录  印章库位置（默认：Sealdesk 数据目录下的 seals，可用 SEALDESK_DATA_DIR 改变）
--lang zh-CN|en 消息语言
`;

const SEAL_EN = `Usage:
  sealdesk seal create --type round|oval|square|signature --org NAME [--title TITLE]
                       [--code DIGITS] [--size MM] [--name TEXT] -o SEAL.json
                       [--svg FILE] [--png FILE]
  sealdesk seal import SCAN.png|SCAN.jpg -o SEAL.json [--width-mm N] [--name TEXT] [--png FILE]
  sealdesk seal list [--library DIR] [--json]
  sealdesk seal add SEAL.json [--library DIR] [--json]
  sealdesk seal rename ID NAME [--library DIR] [--json]
  sealdesk seal delete ID [--library DIR] [--json]
  sealdesk seal export ID -o SEAL.json [--library DIR] [--json]

create   draws a seal: round or oval company seal (--org along the arc, --title such as
         合同专用章 below the star, --code along the lower arc), square personal seal (--org is
         the person's 2 to 4 character name) or handwriting-style signature (--org is the text)
import   makes an image seal from a scan: paper removed to transparency, cropped to the ink
list     lists the seals in the library
add      copies SEAL.json into the library (keeping its id; refused if the id is there)
rename   gives the seal ID a new name (1 to 60 characters); its drawing is unchanged
delete   removes the seal ID from the library
export   writes the seal ID to SEAL.json, for "seal add" on another computer (an existing
         file is replaced, atomically)

ID is the seal's id as "seal list" shows it.
--library DIR   the seal library (default: the Sealdesk data folder's "seals", which
                SEALDESK_DATA_DIR overrides)
--lang zh-CN|en message language
`;

const TOKENS_ZH = `用法：sealdesk tokens [--module 路径]... [--json]

列出 Sealdesk 已知的令牌驱动（PKCS#11 模块）及其是否已安装，并列出每个驱动发现的令牌：
标签、厂商、型号、序列号、PIN 状态，以及令牌上带证书的密钥。不会询问 PIN；登录前不可见的
密钥按其证书列出。

选项：
  --module 路径            只查看此驱动（可重复）
  --json                   以 JSON 格式在标准输出打印
  --lang zh-CN|en          消息语言（默认跟随系统区域设置）
用 --module 指定的驱动无法使用时，退出码为 4。
`;

const TOKENS_EN = `Usage: sealdesk tokens [--module PATH]... [--json]

Lists the token drivers (PKCS#11 modules) Sealdesk knows, whether each is installed, and for
each the tokens it sees: label, maker, model, serial, PIN state, and the certified keys on it.
No PIN is asked; keys hidden until login are listed from their certificates.

Options:
  --module PATH            look only at this driver (may be repeated)
  --json                   print the listing as JSON on stdout
  --lang zh-CN|en          message language (default: from the locale)
Exit code 4 when a driver named with --module cannot be used.
`;

const KEYCHAIN_ZH = `用法：sealdesk keychain set|get|delete 名称 [--kind 类型] [选项]

把 Sealdesk 的机密保存在系统钥匙串中（macOS 钥匙串、Windows 凭据管理器、Linux 上的 Secret
Service）。没有钥匙串服务时会明确说明，且绝不改为写入文件。

  set 名称                 保存机密：在隐藏输入的提示中键入，或经标准输入管道传入
  get 名称                 说明是否已保存（“已保存”/“未保存”）
  delete 名称              删除

选项：
  --kind 类型              p12-passphrase（默认）、cloud-credential、tsa-credential、token-pin
  --show                   与 get 同用：打印机密本身
  --allow-token-pin        使用 --kind token-pin 时必需（默认不保存令牌 PIN）
  --json                   以 JSON 格式在标准输出打印结果
  --lang zh-CN|en          消息语言（默认跟随系统区域设置）
由“sign --remember-passphrase”保存的 PKCS#12 口令以该文件的绝对路径命名。
`;

const KEYCHAIN_EN = `Usage: sealdesk keychain set|get|delete NAME [--kind KIND] [options]

Keeps Sealdesk's secrets in the OS keychain (macOS Keychain, Windows Credential Manager, Secret
Service on Linux). Where no keychain runs, Sealdesk says so and never writes a file instead.

  set NAME                 store a secret: typed at a hidden prompt, or piped on stdin
  get NAME                 say whether it is stored ("stored" / "not stored")
  delete NAME              remove it

Options:
  --kind KIND              p12-passphrase (default), cloud-credential, tsa-credential, token-pin
  --show                   with get: print the secret itself
  --allow-token-pin        needed for --kind token-pin (token PINs are not kept by default)
  --json                   print the result as JSON on stdout
  --lang zh-CN|en          message language (default: from the locale)
A PKCS#12 passphrase remembered by "sign --remember-passphrase" is named by the file's
absolute path.
`;

const VERIFY_ZH = `用法：sealdesk verify 文件... | 文件夹 [选项]

离线验证每个签名和文档时间戳（PAdES，ETSI EN 319 102-1）。

选项：
  -r, --recursive        同时验证子文件夹中的 PDF
  --trust 文件|文件夹    本次运行额外信任这些根证书（可重复）；信任库（sealdesk trust）始终生效
  --at 时间              按指定时间验证（ISO 8601，例如 2026-01-31T12:00:00Z）
  --online               允许联网获取缺失的吊销信息（默认离线）
  --policy 文件          算法策略文件（默认使用内置策略）
  --json                 每个文件输出一个 JSON 对象（见 docs/verification.md）
  --report 输出.html|输出.pdf   生成验证报告
  --workers N            文件夹模式下的工作线程数（默认等于 CPU 核数）
  --lang zh-CN|en        消息语言

退出码：0 全部签名有效；10 存在无效签名；11 存在无法确认的签名；12 文件没有签名；
3 文件无法读取；2 用法错误；130 已取消。
`;

const VERIFY_EN = `Usage: sealdesk verify FILE... | DIR [options]

Verifies every signature and document timestamp (PAdES, ETSI EN 319 102-1), offline.

Options:
  -r, --recursive        also verify PDFs in sub-folders of DIR
  --trust FILE|DIR       trust these anchor certificates for this run (repeatable);
                         the trust store ("sealdesk trust") is always used
  --at TIME              validate as of TIME (ISO 8601, e.g. 2026-01-31T12:00:00Z)
  --online               allow fetching missing revocation data (default: offline)
  --policy FILE          algorithm policy file (default: the bundled policy)
  --json                 print one JSON object per file (docs/verification.md)
  --report OUT.html|OUT.pdf   write a verification report
  --workers N            worker threads in directory mode (default: all cores)
  --lang zh-CN|en        message language

Exit codes: 0 every signature valid; 10 a signature is not valid; 11 a signature cannot be
confirmed; 12 a file has no signature; 3 a file cannot be read; 2 usage; 130 cancelled.
`;

const TRUST_ZH = `用法：
  sealdesk trust import 文件|文件夹   信任 PEM/DER/P7B 文件中的证书
  sealdesk trust list [--json]        列出信任的根证书
  sealdesk trust remove 指纹          不再信任某个证书（SHA-256 指纹）

信任库位于 $SEALDESK_DATA_DIR，否则为 $XDG_DATA_HOME/sealdesk（~/.local/share/sealdesk）。
`;

const TRUST_EN = `Usage:
  sealdesk trust import FILE|DIR     trust the certificates in PEM/DER/P7B files
  sealdesk trust list [--json]       show the trusted anchors
  sealdesk trust remove FINGERPRINT  stop trusting an anchor (SHA-256 fingerprint)

The store lives in $SEALDESK_DATA_DIR, else $XDG_DATA_HOME/sealdesk (~/.local/share/sealdesk).
`;

const LTV_ZH = `用法：
  sealdesk ltv augment 文件|文件夹... [--level B-T|B-LT|B-LTA] [--tsa 网址]...
  sealdesk ltv augment --queue [--tsa 网址]...      提升队列中的每份文档
  sealdesk ltv renew 文件|文件夹... [--check] [--within 天数] [--tsa 网址]...

augment  为已签署的 PDF 添加吊销信息（DSS）和文档时间戳，提升到 PAdES B-LT/B-LTA（默认 B-LTA）
renew    检查并为归档续期：更新吊销信息并添加新的文档时间戳

选项：
  --level B-T|B-LT|B-LTA   目标级别（默认 B-LTA）
  --tsa 网址               RFC 3161 时间戳服务（可重复，依次尝试）；其后尝试数据目录中
                           ltv-settings.json 配置的服务（{"tsas":[{"url":"..."}]}）
  --queue                  与 augment 同用：处理离线签署时加入队列的文档
  --check                  与 renew 同用：只列出需要续期的文件及原因，不修改文件
  --within 天数            与 renew 同用：证书或算法在此天数内到期即需续期（默认取 ltv-settings.json 的
                           renewWithinDays，即 90）
  --json                   与 renew 同用：以 JSON 格式输出检查结果
  --lang zh-CN|en          消息语言（默认跟随系统区域设置）

文件在原处追加更新（先写日志，出错、取消或崩溃后恢复为原始字节）；已有签名不受影响。
退出码：0 全部完成；6 部分文件未完成；2 用法错误；3 输入无法读取。
`;

const LTV_EN = `Usage:
  sealdesk ltv augment FILE|DIR... [--level B-T|B-LT|B-LTA] [--tsa URL]...
  sealdesk ltv augment --queue [--tsa URL]...      raise every queued document
  sealdesk ltv renew FILE|DIR... [--check] [--within DAYS] [--tsa URL]...

augment  adds revocation data (DSS) and a document timestamp to signed PDFs: PAdES
         B-LT/B-LTA (default B-LTA)
renew    checks an archive and renews what needs it: fresh revocation data and a new
         document timestamp

Options:
  --level B-T|B-LT|B-LTA   the level to reach (default B-LTA)
  --tsa URL                an RFC 3161 time-stamp authority (repeat for failover); the
                           configured ones follow (ltv-settings.json in the data folder,
                           {"tsas":[{"url":"..."}]})
  --queue                  with augment: the documents queued when they were signed offline
  --check                  with renew: only list the files that need renewal, and why
  --within DAYS            with renew: renew what expires within DAYS (default: renewWithinDays
                           in ltv-settings.json, else 90)
  --json                   with renew: print the checks as JSON
  --lang zh-CN|en          message language (default: from the locale)

Files are raised in place behind a journal (cut back to their original bytes after a failure,
a cancel or a crash); earlier signatures are not touched.
Exit codes: 0 all done; 6 some files not done; 2 usage; 3 an input cannot be read.
`;

export const SIGN_USAGE: Texts = {
  zh: `${SIGN_ZH}\n${SIGN_SEAL_ZH}`,
  en: `${SIGN_EN}\n${SIGN_SEAL_EN}`,
};
export const SEAL_USAGE: Texts = { zh: SEAL_ZH, en: SEAL_EN };
export const TOKENS_USAGE: Texts = { zh: TOKENS_ZH, en: TOKENS_EN };
export const KEYCHAIN_USAGE: Texts = { zh: KEYCHAIN_ZH, en: KEYCHAIN_EN };
export const VERIFY_USAGE: Texts = { zh: VERIFY_ZH, en: VERIFY_EN };
export const LTV_USAGE: Texts = { zh: LTV_ZH, en: LTV_EN };
export const TRUST_USAGE: Texts = { zh: TRUST_ZH, en: TRUST_EN };
