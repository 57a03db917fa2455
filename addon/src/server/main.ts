/**
 * Everything Apps Script may call: triggers, menu targets and the functions the sidebar calls
 * through google.script.run. The build turns each export into a top-level function over the
 * bundle; nothing else in the add-on is global.
 */
import type { SidebarApi } from '../../../shared/api/sidebar-contract';
import { getSelectedInvoice } from './sidebar';

export { onInstall, onOpen } from './menu';
export { showSidebar } from './sidebar';
export { getSelectedInvoice };

// Fails to compile if a sidebar function is missing here or its signature drifts.
void ({ getSelectedInvoice } satisfies SidebarApi);
