/**
 * How the signature panel asks the viewer to show a page (the viewer's handle, viewer-api.ts).
 * Owns: nothing but that call.
 */
import { viewerHandle } from '../viewer/viewer-api';

/** True when a viewer of the document took the request. */
export function goToPage(docId: string, page: number): boolean {
  const v = viewerHandle(docId);
  v?.scrollToPage(page);
  return v !== undefined;
}
