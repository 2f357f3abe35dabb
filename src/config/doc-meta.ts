/**
 * Metadata for a config key: a one-sentence description and examples. zod carries them into the
 * JSON Schema (editors show them) and into the generated configuration reference
 * (docs/config-reference.md, `npm run docs`).
 */
export function doc(description: string, ...examples: unknown[]): { description: string; examples?: unknown[] } {
  return examples.length > 0 ? { description, examples } : { description };
}
