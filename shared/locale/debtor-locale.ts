/**
 * How amounts are written for a debtor: in the conventions of where they are (the row's time
 * zone, else the ledger's), so a German customer reads 1.234,56 € and a British one £1,234.56.
 * The zone is the one place-fact a ledger reliably has; a zone not listed falls back to the
 * ledger's, then to en-US. Dates are written in words in the reader's order (reader-date.ts).
 */

/** The locale of each zone's country, for the zones small businesses' customers are most often in. */
const ZONE_LOCALES: Record<string, string> = {
  'America/New_York': 'en-US',
  'America/Chicago': 'en-US',
  'America/Denver': 'en-US',
  'America/Los_Angeles': 'en-US',
  'America/Phoenix': 'en-US',
  'America/Anchorage': 'en-US',
  'Pacific/Honolulu': 'en-US',
  'America/Detroit': 'en-US',
  'America/Indiana/Indianapolis': 'en-US',
  'America/Boise': 'en-US',
  'America/Toronto': 'en-CA',
  'America/Vancouver': 'en-CA',
  'America/Edmonton': 'en-CA',
  'America/Winnipeg': 'en-CA',
  'America/Halifax': 'en-CA',
  'America/St_Johns': 'en-CA',
  'America/Mexico_City': 'es-MX',
  'America/Sao_Paulo': 'pt-BR',
  'America/Argentina/Buenos_Aires': 'es-AR',
  'America/Bogota': 'es-CO',
  'America/Santiago': 'es-CL',
  'Europe/London': 'en-GB',
  'Europe/Dublin': 'en-IE',
  'Europe/Berlin': 'de-DE',
  'Europe/Vienna': 'de-AT',
  'Europe/Zurich': 'de-CH',
  'Europe/Paris': 'fr-FR',
  'Europe/Madrid': 'es-ES',
  'Europe/Rome': 'it-IT',
  'Europe/Amsterdam': 'nl-NL',
  'Europe/Brussels': 'nl-BE',
  'Europe/Luxembourg': 'fr-LU',
  'Europe/Lisbon': 'pt-PT',
  'Europe/Stockholm': 'sv-SE',
  'Europe/Oslo': 'nb-NO',
  'Europe/Copenhagen': 'da-DK',
  'Europe/Helsinki': 'fi-FI',
  'Europe/Warsaw': 'pl-PL',
  'Europe/Prague': 'cs-CZ',
  'Australia/Sydney': 'en-AU',
  'Australia/Melbourne': 'en-AU',
  'Australia/Brisbane': 'en-AU',
  'Australia/Perth': 'en-AU',
  'Australia/Adelaide': 'en-AU',
  'Australia/Hobart': 'en-AU',
  'Pacific/Auckland': 'en-NZ',
  'Asia/Tokyo': 'ja-JP',
  'Asia/Singapore': 'en-SG',
  'Asia/Kolkata': 'en-IN',
  'Asia/Hong_Kong': 'en-HK',
  'Asia/Dubai': 'en-AE',
  'Africa/Johannesburg': 'en-ZA',
  'Africa/Lagos': 'en-NG',
  'Africa/Nairobi': 'en-KE',
};

/** Each locale's own currency: any other is written with its code, so "$" never leaves a reader guessing. */
const HOME_CURRENCY: Record<string, string> = {
  US: 'USD',
  CA: 'CAD',
  MX: 'MXN',
  BR: 'BRL',
  AR: 'ARS',
  CO: 'COP',
  CL: 'CLP',
  GB: 'GBP',
  IE: 'EUR',
  DE: 'EUR',
  AT: 'EUR',
  CH: 'CHF',
  FR: 'EUR',
  ES: 'EUR',
  IT: 'EUR',
  NL: 'EUR',
  BE: 'EUR',
  LU: 'EUR',
  PT: 'EUR',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  FI: 'EUR',
  PL: 'PLN',
  CZ: 'CZK',
  AU: 'AUD',
  NZ: 'NZD',
  JP: 'JPY',
  SG: 'SGD',
  IN: 'INR',
  HK: 'HKD',
  AE: 'AED',
  ZA: 'ZAR',
  NG: 'NGN',
  KE: 'KES',
};

/** The locale a debtor's amounts are written in: from the row's zone, else the ledger's, else en-US. */
export function debtorLocale(debtorZone: string | undefined, ledgerZone: string): string {
  return (debtorZone && ZONE_LOCALES[debtorZone]) ?? ZONE_LOCALES[ledgerZone] ?? 'en-US';
}

/** The locale of the team itself (its ledger's zone): what its own documents, like the evidence pack, are written in. */
export function ledgerLocale(ledgerZone: string): string {
  return debtorLocale(undefined, ledgerZone);
}

/** Whether an amount in `currency` is written with its symbol in `locale` (its own currency) or its code. */
export function currencyDisplay(locale: string, currency: string): 'symbol' | 'code' {
  const region = locale.split('-')[1]?.toUpperCase();
  return region && HOME_CURRENCY[region] === currency ? 'symbol' : 'code';
}
