/** What the sidebar's server calls share: the backend's address, and its refusals as sidebar errors. */
import { describeIssues } from '../../../shared/api/contract';
import type { SidebarResult } from '../../../shared/api/sidebar-contract';
import type * as z from 'zod';
import { type BackendRequest, type BackendResult, callBackend } from '../backend/backend-client';
import { type AddonSettings, readSettings } from '../settings/addon-settings';
import type { AddonPorts } from './ports';

export type Failure = Extract<SidebarResult<never>, { ok: false }>;

export function backendOf(ports: AddonPorts): { baseUrl: string; ledgerId: string; currency: string; settings: AddonSettings } | Failure {
  const settings = readSettings(ports.PropertiesService.getDocumentProperties());
  if (!settings.backendUrl)
    return {
      ok: false,
      error: {
        code: 'no-backend',
        message: 'No backend is set up yet, so nothing can be read or saved for this invoice. Add its address in Dunning Desk > Settings.',
      },
    };
  return {
    baseUrl: settings.backendUrl,
    ledgerId: ports.SpreadsheetApp.getActiveSpreadsheet().getId(),
    currency: settings.currency,
    settings,
  };
}

/** A backend refusal as a sidebar error, each refused field named by the form's own field name. */
export function failed(
  answer: Extract<BackendResult<unknown>, { ok: false }>,
  fieldOf: (path: string) => string | undefined = () => undefined,
): Failure {
  const fields = Object.fromEntries(
    answer.failure.issues.flatMap((i) => {
      const field = fieldOf(i.path);
      return field ? [[field, i.message]] : [];
    }),
  );
  const code = answer.failure.status === 404 ? 'not-synced' : answer.failure.code === 'not_signed_up' ? 'no-team' : 'backend';
  return { ok: false, error: { code, message: answer.failure.message, ...(Object.keys(fields).length > 0 && { fields }) } };
}

export function invalid(error: z.ZodError, message = 'Nothing was saved: fix the fields marked below.'): Failure {
  const fields = Object.fromEntries(describeIssues(error).map((i) => [i.path, i.message]));
  return { ok: false, error: { code: 'invalid', message, fields } };
}

/** One call to the backend as a sidebar result: its answer, or its refusal with each refused field named by `fieldOf`. */
export function askBackend<T>(
  ports: AddonPorts,
  request: BackendRequest,
  schema: z.ZodType<T>,
  fieldOf?: (path: string) => string | undefined,
): SidebarResult<T> {
  const backend = backendOf(ports);
  if ('ok' in backend) return backend;
  const answer = callBackend(ports, backend.baseUrl, request, schema);
  return answer.ok ? { ok: true, data: answer.value } : failed(answer, fieldOf);
}
