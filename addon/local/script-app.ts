import type { CallCounter } from './call-counter';
import { asGas } from './gas-types';
import { enumOf } from './spreadsheet/spreadsheet-app';

export const EventType = enumOf('ON_EDIT', 'ON_CHANGE', 'ON_OPEN', 'ON_FORM_SUBMIT', 'CLOCK');
export const AuthMode = enumOf('NONE', 'LIMITED', 'CUSTOM_FUNCTION', 'FULL');

export interface TriggerRecord {
  id: string;
  handler: string;
  eventType: keyof typeof EventType;
  /** The document for an on-edit trigger; null for a time-driven one (bound to the script). */
  sourceId: string | null;
  everyHours?: number;
}

type TriggerApi = Pick<GoogleAppsScript.Script.Trigger, 'getHandlerFunction' | 'getEventType' | 'getUniqueId' | 'getTriggerSourceId'>;

class EmulatedTrigger implements TriggerApi {
  constructor(readonly record: TriggerRecord) {}
  getHandlerFunction(): string {
    return this.record.handler;
  }
  getEventType(): GoogleAppsScript.Script.EventType {
    return asGas<GoogleAppsScript.Script.EventType>(EventType[this.record.eventType] as unknown as object);
  }
  getUniqueId(): string {
    return this.record.id;
  }
  getTriggerSourceId(): string {
    return this.record.sourceId ?? '';
  }
}

/**
 * ScriptApp for an add-on: triggers with the limits Google puts on add-ons (one trigger of each
 * event type per user per document, time-driven no more often than hourly), and the user's
 * identity token, which the environment mints from the local issuer.
 */
export class EmulatedScriptApp implements Pick<
  GoogleAppsScript.Script.ScriptApp,
  'newTrigger' | 'getUserTriggers' | 'getProjectTriggers' | 'deleteTrigger' | 'getIdentityToken' | 'getOAuthToken'
> {
  readonly EventType = asGas<typeof GoogleAppsScript.Script.EventType>(EventType);
  readonly AuthMode = asGas<typeof GoogleAppsScript.Script.AuthMode>(AuthMode);
  readonly triggers: TriggerRecord[] = [];
  private ids = 0;

  constructor(
    private readonly documentId: string,
    private readonly identityToken: () => string,
    private readonly counter: CallCounter,
  ) {}

  private add(record: Omit<TriggerRecord, 'id'>): GoogleAppsScript.Script.Trigger {
    const sameType = this.triggers.filter(
      (t) => t.eventType === record.eventType && (t.sourceId === record.sourceId || record.eventType === 'CLOCK'),
    );
    if (sameType.length > 0) {
      throw new Error(
        `Exception: This add-on has created too many ${record.eventType === 'CLOCK' ? 'time-based' : 'edit'} triggers in this document for this Google Account user.`,
      );
    }
    this.ids += 1;
    const full = { ...record, id: `trigger-${this.ids}` };
    this.triggers.push(full);
    return asGas(new EmulatedTrigger(full));
  }

  newTrigger(functionName: string): GoogleAppsScript.Script.TriggerBuilder {
    this.counter.count('ScriptApp.newTrigger');
    const builder = {
      forSpreadsheet: (sheet: string | GoogleAppsScript.Spreadsheet.Spreadsheet) => {
        const sourceId = typeof sheet === 'string' ? sheet : this.documentId;
        return { onEdit: () => ({ create: () => this.add({ handler: functionName, eventType: 'ON_EDIT', sourceId }) }) };
      },
      timeBased: () => {
        let hours: number | undefined;
        const time = {
          everyHours: (n: number) => {
            hours = n;
            return time;
          },
          everyMinutes: (_n: number) => {
            throw new Error('Exception: Add-ons cannot create time-based triggers that run more often than once per hour.');
          },
          create: () => {
            if (hours === undefined) throw new Error('Exception: The trigger has no schedule.');
            if (!Number.isInteger(hours) || hours < 1) throw new Error('Exception: Invalid argument: hours');
            return this.add({ handler: functionName, eventType: 'CLOCK', sourceId: null, everyHours: hours });
          },
        };
        return time;
      },
    };
    return asGas(builder);
  }
  getUserTriggers(_source: unknown): GoogleAppsScript.Script.Trigger[] {
    this.counter.count('ScriptApp.getUserTriggers');
    return asGas(this.triggers.map((t) => new EmulatedTrigger(t)));
  }
  getProjectTriggers(): GoogleAppsScript.Script.Trigger[] {
    this.counter.count('ScriptApp.getProjectTriggers');
    return asGas(this.triggers.map((t) => new EmulatedTrigger(t)));
  }
  deleteTrigger(trigger: GoogleAppsScript.Script.Trigger): void {
    this.counter.count('ScriptApp.deleteTrigger');
    const id = trigger.getUniqueId();
    const index = this.triggers.findIndex((t) => t.id === id);
    if (index >= 0) this.triggers.splice(index, 1);
  }
  getIdentityToken(): string {
    this.counter.count('ScriptApp.getIdentityToken');
    return this.identityToken();
  }
  getOAuthToken(): string {
    this.counter.count('ScriptApp.getOAuthToken');
    return 'ya29.local-oauth-token';
  }
}
