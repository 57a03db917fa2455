import { asGas } from '../gas-types';
import type { EmulatedRange } from './range';

type BuilderApi = Pick<
  GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder,
  'addRange' | 'setChartType' | 'setOption' | 'setPosition' | 'setNumHeaders' | 'build'
>;

/** What a chart is made of; the workbench draws it, the tests read it. */
export interface ChartData {
  id: number;
  type: string;
  ranges: EmulatedRange[];
  options: Record<string, unknown>;
  position: { row: number; column: number; offsetX: number; offsetY: number };
  numHeaders: number;
}

export class EmbeddedChart implements Pick<
  GoogleAppsScript.Spreadsheet.EmbeddedChart,
  'getChartId' | 'getRanges' | 'modify' | 'getOptions'
> {
  constructor(readonly data: ChartData) {}
  getChartId(): number {
    return this.data.id;
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return asGas(this.data.ranges);
  }
  getOptions(): GoogleAppsScript.Charts.ChartOptions {
    const options = this.data.options;
    return asGas({ get: (name: string) => options[name] });
  }
  modify(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    return asGas(
      new EmbeddedChartBuilder(() => this.data.id, { ...this.data, ranges: [...this.data.ranges], options: { ...this.data.options } }),
    );
  }
}

export class EmbeddedChartBuilder implements BuilderApi {
  private readonly data: Omit<ChartData, 'id'>;
  constructor(
    private readonly nextId: () => number,
    from?: Omit<ChartData, 'id'>,
  ) {
    this.data = from ?? {
      type: 'COLUMN',
      ranges: [],
      options: {},
      position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
      numHeaders: -1,
    };
  }
  private self(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    return asGas(this);
  }
  addRange(range: GoogleAppsScript.Spreadsheet.Range) {
    this.data.ranges.push(range as unknown as EmulatedRange);
    return this.self();
  }
  setChartType(type: GoogleAppsScript.Charts.ChartType) {
    this.data.type = String(type);
    return this.self();
  }
  setOption(option: string, value: unknown) {
    this.data.options[option] = value;
    return this.self();
  }
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number) {
    this.data.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return this.self();
  }
  setNumHeaders(headers: number) {
    this.data.numHeaders = headers;
    return this.self();
  }
  build(): GoogleAppsScript.Spreadsheet.EmbeddedChart {
    if (this.data.ranges.length === 0) throw new Error('Exception: The chart has no data ranges.');
    return asGas(new EmbeddedChart({ id: this.nextId(), ...this.data }));
  }
}
