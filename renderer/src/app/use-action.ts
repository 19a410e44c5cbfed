/**
 * Runs a UI action that calls main and shows its failure (already localised by the host) in
 * one consistent way. Owns: the busy flag and the error toast. Must never: swallow an error.
 */
import { App } from 'antd';
import { useState } from 'react';

export function useAction(): {
  busy: boolean;
  run: <T>(action: () => Promise<T>) => Promise<T | undefined>;
} {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    try {
      return await action();
    } catch (e) {
      void message.error({ content: e instanceof Error ? e.message : String(e), duration: 8 });
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
