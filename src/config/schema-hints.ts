import { stringify } from 'yaml';
import { z } from 'zod';

/** A JSON Schema node, as zod generates it. */
type Node = Record<string, unknown>;

const generated = new WeakMap<z.ZodType, Node>();

/**
 * The JSON Schema of a config schema (as written in a file: `io: 'input'`), generated once and
 * only when a message needs it: it knows each key's type, range, description and examples.
 */
export function jsonSchemaOf(schema: z.ZodType): Node {
  let json = generated.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      // zod drops the examples of transformed values; ours are written as in a file.
      override: ({ zodSchema, jsonSchema }) => {
        const examples = z.globalRegistry.get(zodSchema)?.examples;
        if (examples !== undefined && jsonSchema.examples === undefined) jsonSchema.examples = examples as never;
      },
    }) as Node;
    generated.set(schema, json);
  }
  return json;
}

/**
 * The schema node at a config path, following the value written there through unions (a
 * `body` of `format: xml` is the xml body's schema). Undefined when the path leaves the schema.
 */
export function schemaAt(root: Node, path: readonly PropertyKey[], input: unknown): Node | undefined {
  let node: Node | undefined = branchFor(root, input, root);
  let value = input;
  for (const key of path) {
    if (!node) return undefined;
    const child = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') node = (node.prefixItems as Node[] | undefined)?.[key] ?? (node.items as Node | undefined);
    else {
      const props = node.properties as Record<string, Node> | undefined;
      const extra = node.additionalProperties;
      node = props?.[String(key)] ?? (extra && typeof extra === 'object' ? (extra as Node) : undefined);
    }
    node = node ? branchFor(node, child, root) : undefined;
    value = child;
  }
  return node;
}

/** The keys a mapping at this node may have. */
export function knownKeys(node: Node | undefined): string[] {
  return Object.keys((node?.properties as Record<string, unknown> | undefined) ?? {});
}

/** "a whole number from 1 to 100", "true or false", "one of json, xml", "a list", ... */
export function expectedWords(node: Node): string {
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (Array.isArray(node.enum)) return `one of ${node.enum.map(String).join(', ')}`;
  const alternatives = (node.anyOf ?? node.oneOf) as Node[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(expectedWords))].join(' or ');
  switch (node.type) {
    case 'integer':
      return `a whole number${range(node)}`;
    case 'number':
      return `a number${range(node)}`;
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return node.properties ? 'a mapping of the keys below it' : 'a mapping of names to values';
    default:
      return 'a value';
  }
}

/** `max_attempts: 5`, from the key's documented examples (doc-meta.ts), in YAML's one-line form. */
export function exampleLine(key: PropertyKey | undefined, node: Node): string | undefined {
  const examples = node.examples as unknown[] | undefined;
  if (!examples?.length) return undefined;
  const value = stringify(examples[0], { collectionStyle: 'flow', lineWidth: 0 }).trim();
  return typeof key === 'string' ? `${key}: ${value}` : value;
}

function range(node: Node): string {
  const min = (node.minimum ?? node.exclusiveMinimum) as number | undefined;
  const max = (node.maximum ?? node.exclusiveMaximum) as number | undefined;
  const huge = (n: number) => n >= Number.MAX_SAFE_INTEGER || n >= 1e10;
  if (min !== undefined && max !== undefined && !huge(max)) return ` from ${min} to ${max}`;
  if (min !== undefined) return node.exclusiveMinimum !== undefined ? ` above ${min}` : ` of ${min} or more`;
  if (max !== undefined && !huge(max)) return ` of at most ${max}`;
  return '';
}

/** Follows `$ref`, then picks the union branch whose constants (`format: xml`) the value matches. */
function branchFor(node: Node, value: unknown, root: Node): Node {
  const resolved = deref(node, root);
  const branches = (resolved.oneOf ?? resolved.anyOf) as Node[] | undefined;
  if (!branches) return resolved;
  const all = branches.map((b) => deref(b, root));
  const objects = all.filter((b) => b.type === 'object' || b.properties);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || objects.length === 0) return resolved;
  const matching = objects.filter((b) =>
    Object.entries((b.properties as Record<string, Node> | undefined) ?? {}).every(([k, p]) => p.const === undefined || (value as Record<string, unknown>)[k] === p.const),
  );
  const withConst = matching.filter((b) => Object.values((b.properties as Record<string, Node> | undefined) ?? {}).some((p) => p.const !== undefined));
  return withConst.length === 1 ? withConst[0]! : matching.length === 1 ? matching[0]! : resolved;
}

function deref(node: Node, root: Node): Node {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((n, part) => (n as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], root) as Node | undefined;
  return target ? { ...target, ...Object.fromEntries(Object.entries(node).filter(([k]) => k !== '$ref')) } : node;
}
