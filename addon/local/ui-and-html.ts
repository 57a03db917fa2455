import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallCounter } from './call-counter';
import { asGas } from './gas-types';
import { enumOf } from './spreadsheet/spreadsheet-app';

export const Button = enumOf('OK', 'CANCEL', 'YES', 'NO', 'CLOSE');
export const ButtonSet = enumOf('OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL');

type HtmlOutputApi = Pick<
  GoogleAppsScript.HTML.HtmlOutput,
  'setTitle' | 'getTitle' | 'setWidth' | 'setHeight' | 'getContent' | 'getWidth' | 'getHeight'
>;

export class EmulatedHtmlOutput implements HtmlOutputApi {
  private title = '';
  private width = 300;
  private height = 500;
  constructor(
    readonly content: string,
    readonly fileName?: string,
  ) {}
  private self(): GoogleAppsScript.HTML.HtmlOutput {
    return asGas(this);
  }
  setTitle(title: string) {
    this.title = title;
    return this.self();
  }
  getTitle(): string {
    return this.title;
  }
  setWidth(width: number) {
    this.width = width;
    return this.self();
  }
  setHeight(height: number) {
    this.height = height;
    return this.self();
  }
  getWidth(): number {
    return this.width;
  }
  getHeight(): number {
    return this.height;
  }
  getContent(): string {
    return this.content;
  }
}

/** HtmlService over the built add-on folder: createHtmlOutputFromFile('Sidebar') reads Sidebar.html. */
export function htmlService(distDir: string) {
  return asGas<GoogleAppsScript.HTML.HtmlService>({
    createHtmlOutputFromFile: (filename: string) =>
      asGas<GoogleAppsScript.HTML.HtmlOutput>(new EmulatedHtmlOutput(readFileSync(join(distDir, `${filename}.html`), 'utf8'), filename)),
    createHtmlOutput: (html?: string | GoogleAppsScript.Base.BlobSource) =>
      asGas<GoogleAppsScript.HTML.HtmlOutput>(new EmulatedHtmlOutput(typeof html === 'string' ? html : '')),
  } satisfies Pick<GoogleAppsScript.HTML.HtmlService, 'createHtmlOutputFromFile' | 'createHtmlOutput'>);
}

export interface RecordedMenu {
  title: string;
  items: ({ caption: string; functionName: string } | { separator: true })[];
  addedToUi: boolean;
}

export interface ShownHtml {
  kind: 'sidebar' | 'dialog';
  title: string;
  output: EmulatedHtmlOutput;
}

export interface Alert {
  title: string;
  prompt: string;
  buttons: string;
}

type UiApi = Pick<GoogleAppsScript.Base.Ui, 'createAddonMenu' | 'createMenu' | 'showSidebar' | 'showModalDialog' | 'alert'>;

/** The spreadsheet's UI: what the add-on put on screen, and the answers a person gives to alerts. */
export class EmulatedUi implements UiApi {
  readonly Button = asGas<typeof GoogleAppsScript.Base.Button>(Button);
  readonly ButtonSet = asGas<typeof GoogleAppsScript.Base.ButtonSet>(ButtonSet);
  readonly menus: RecordedMenu[] = [];
  readonly shown: ShownHtml[] = [];
  readonly alerts: Alert[] = [];
  /** Answers to the next alerts, in order; OK (or YES) when none is queued. */
  readonly answers: (keyof typeof Button)[] = [];

  constructor(private readonly counter: CallCounter) {}

  private menu(title: string): GoogleAppsScript.Base.Menu {
    const record: RecordedMenu = { title, items: [], addedToUi: false };
    this.menus.push(record);
    const menu: Pick<GoogleAppsScript.Base.Menu, 'addItem' | 'addSeparator' | 'addToUi'> = {
      addItem: (caption: string, functionName: string) => {
        record.items.push({ caption, functionName });
        return asGas<GoogleAppsScript.Base.Menu>(menu);
      },
      addSeparator: () => {
        record.items.push({ separator: true });
        return asGas<GoogleAppsScript.Base.Menu>(menu);
      },
      addToUi: () => {
        record.addedToUi = true;
      },
    };
    return asGas(menu);
  }
  createAddonMenu(): GoogleAppsScript.Base.Menu {
    this.counter.count('Ui.createAddonMenu');
    return this.menu('Dunning Desk');
  }
  createMenu(caption: string): GoogleAppsScript.Base.Menu {
    this.counter.count('Ui.createMenu');
    return this.menu(caption);
  }
  showSidebar(userInterface: GoogleAppsScript.HTML.HtmlOutput): void {
    this.counter.count('Ui.showSidebar');
    const output = userInterface as unknown as EmulatedHtmlOutput;
    this.shown.push({ kind: 'sidebar', title: output.getTitle(), output });
  }
  showModalDialog(userInterface: GoogleAppsScript.HTML.HtmlOutput, title: string): void {
    this.counter.count('Ui.showModalDialog');
    this.shown.push({ kind: 'dialog', title, output: userInterface as unknown as EmulatedHtmlOutput });
  }
  alert(a: string, b?: string | GoogleAppsScript.Base.ButtonSet, c?: GoogleAppsScript.Base.ButtonSet): GoogleAppsScript.Base.Button {
    this.counter.count('Ui.alert');
    const [title, prompt, buttons] = typeof b === 'string' ? [a, b, c] : ['', a, b];
    this.alerts.push({ title, prompt, buttons: String(buttons ?? 'OK') });
    const answer = this.answers.shift() ?? (String(buttons).startsWith('YES') ? 'YES' : 'OK');
    return asGas<GoogleAppsScript.Base.Button>(Button[answer] as unknown as object);
  }
}
