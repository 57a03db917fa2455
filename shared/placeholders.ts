/**
 * {{name}} placeholders, one module for email templates and letter wording: filling looks a name
 * up among the template's own values only (never an object's inherited properties, so
 * {{constructor}} is just unknown text), and checking names the placeholders a template may not use.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** Replaces each known placeholder with its value passed through `escape`; unknown ones stay as typed. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>, escape: (s: string) => string = (s) => s): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    return typeof value === 'string' ? escape(value) : escape(whole);
  });
}

/** The placeholders in `text` that are not among `allowed`, in order, each once. */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  const unknown = new Set<string>();
  for (const [, name] of text.matchAll(PLACEHOLDER)) if (name && !allowed.includes(name)) unknown.add(name);
  return [...unknown];
}

/** The field error for a template that uses placeholders it may not, or undefined. */
export function placeholderProblem(text: string, allowed: readonly string[]): string | undefined {
  const unknown = unknownPlaceholders(text, allowed);
  if (unknown.length === 0) return undefined;
  return `uses ${unknown.map((n) => `{{${n}}}`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not one of ${allowed.map((p) => `{{${p}}}`).join(', ')}`;
}
