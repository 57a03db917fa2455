import { ApiError } from '../../../shared/api/contract';

export interface BackendFailure {
  /** Said to a finance person: what happened and what to do, no jargon. */
  message: string;
  status: number | null;
  /** Worth trying again later (the backend was busy or down), as opposed to a refusal. */
  retryable: boolean;
  /** For a refused request: each field and why ("invoices.3.dueDate: is not a day on the calendar"). */
  issues: { path: string; message: string }[];
  requestId?: string;
  /** The backend's error code, when it gave one (`not_signed_up`: the hosted service offers sign-up). */
  code?: ApiError['error']['code'];
}

function parsedError(body: string): ApiError['error'] | undefined {
  try {
    const parsed = ApiError.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

/** An HTTP failure from the backend in words a user can act on. */
export function describeFailure(status: number, body: string, requestId: string): BackendFailure {
  const error = parsedError(body);
  const issues = error?.issues ?? [];
  const base = { status, issues, requestId, ...(error && { code: error.code }) };
  switch (status) {
    case 400:
      return {
        ...base,
        retryable: false,
        message: `The backend refused the data: ${issues.map((i) => `${i.path} ${i.message}`).join('; ') || (error?.message ?? 'it is not valid')}.`,
      };
    case 401:
      return {
        ...base,
        retryable: false,
        message:
          "Your Google sign-in could not be confirmed by the Dunning Desk backend. Reload the spreadsheet and try again; if it keeps happening, ask your administrator to check the add-on's client id on the backend.",
      };
    case 403:
      return {
        ...base,
        retryable: false,
        // The backend says why (not on the allow-list; removed from the team; the team suspended; no team yet).
        message:
          error?.message ??
          'Your Google account is not allowed on this Dunning Desk backend. Ask your administrator to add your domain or address.',
      };
    case 404:
      return {
        ...base,
        retryable: false,
        message: error?.message ?? 'The backend does not know this invoice yet. Run Sync now, then try again.',
      };
    case 409:
      return { ...base, retryable: false, message: error?.message ?? 'Someone changed this at the same moment. Reload and try again.' };
    case 413:
      return { ...base, retryable: false, message: 'That was too much to send at once.' };
    case 429:
      return { ...base, retryable: true, message: 'The backend is busy right now. Nothing was lost; Dunning Desk will try again.' };
    default:
      return {
        ...base,
        retryable: status >= 500,
        message:
          status >= 500
            ? `The Dunning Desk backend had a problem (reference ${requestId}). Nothing was lost; it will be tried again.`
            : `The backend answered with an unexpected status ${status}.`,
      };
  }
}

export function unreachable(url: string, detail: string): BackendFailure {
  return {
    message: `Could not reach the Dunning Desk backend at ${url}. Check the backend address in Settings, or try again in a minute. (${detail.slice(0, 120)})`,
    status: null,
    retryable: true,
    issues: [],
  };
}
