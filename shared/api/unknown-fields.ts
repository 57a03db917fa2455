/**
 * The fields of a request body that parsing dropped: zod strips keys a schema does not name,
 * at every level a schema is not strict. Comparing what came in with what came out finds them
 * wherever they are, so a misspelt nested field ("balance.minr") is refused, not silently lost.
 */
export function droppedFields(input: unknown, output: unknown, path = ''): string[] {
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((item, i) => droppedFields(item, output[i], `${path}[${i}]`));
  }
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  return Object.keys(input).flatMap((key) => {
    const at = path ? `${path}.${key}` : key;
    if (!Object.prototype.hasOwnProperty.call(output, key)) return input[key] === undefined ? [] : [at];
    return droppedFields(input[key], output[key], at);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
