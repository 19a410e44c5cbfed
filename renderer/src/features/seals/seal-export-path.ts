/**
 * The path the Export dialog proposes for a seal: "<name>.seal.json" in the folder of the
 * document being worked on (or the last one opened), so the file lands where the person looks.
 * Owns: that default only (pure, no calls). Must never: decide whether a file may be replaced
 * (main does; an export replaces an existing file atomically).
 */

/** Characters no file name may hold on Windows, macOS or Linux, and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]/g;

/** The folder part of a Windows or POSIX path, with its trailing separator; '' for a bare name. */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? '' : path.slice(0, cut + 1);
}

/** "<name>.seal.json" (unsafe characters made "_") in `folder` (a path ending in a separator). */
export function exportPathFor(name: string, folder = ''): string {
  const stem = name.trim().replace(UNSAFE, '_').replace(/^\.+/, '_') || 'seal';
  return `${folder}${stem}.seal.json`;
}
