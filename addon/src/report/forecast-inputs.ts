import { ForecastInputs, NO_FORECAST_INPUTS } from '../../../shared/forecast/cash-forecast';
import { callBackend } from '../backend/backend-client';
import type { AddonPorts } from '../server/ports';
import { backendOf } from '../server/sidebar-backend';

/**
 * How customers pay and what they promised, from Dunning Desk's records, for the forecast; and
 * where the figures came from, in words, written under it. Without them (no backend yet, or it
 * cannot be reached) the forecast still stands, on the due dates alone, and says so.
 */
export function forecastInputsFor(ports: AddonPorts): { inputs: ForecastInputs; source: string } {
  const backend = backendOf(ports);
  if ('ok' in backend)
    return { inputs: NO_FORECAST_INPUTS, source: 'No backend is set up yet: every balance is expected on its due date.' };
  const answer = callBackend(
    ports,
    backend.baseUrl,
    { method: 'get', path: '/v1/forecast/inputs', query: { ledgerId: backend.ledgerId } },
    ForecastInputs,
  );
  if (!answer.ok)
    return {
      inputs: NO_FORECAST_INPUTS,
      source: `Dunning Desk's records could not be read, so every balance is expected on its due date. ${answer.failure.message}`,
    };
  return { inputs: answer.value, source: 'Days late and promises as Dunning Desk recorded them; balances as the ledger states them.' };
}
