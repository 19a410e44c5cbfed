/**
 * Where Sealdesk keeps its per-user settings (token driver list, trust anchors, ...).
 *
 * Owns: the data folder per OS, overridable with SEALDESK_DATA_DIR (tests, portable installs).
 * Must never: create the folder (writers create what they need) or keep secrets there.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = env['SEALDESK_DATA_DIR'];
  if (override) return override;
  const home = env['HOME'] ?? env['USERPROFILE'] ?? homedir();
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Sealdesk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Sealdesk');
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'sealdesk');
}
