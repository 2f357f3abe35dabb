import type { MappingValue } from '../../contract/mapping-value.js';

/** A numbered segment (`0`, `12`; not `01`): an array position. */
const INDEX = /^(?:0|[1-9]\d*)$/;

/** The marker keys of special mapping values; a nested object with one of them is not a plain object. */
const MARKERS = ['$value', '$path', '$template', '$expr', '$meta', '$hash'];

type Node = { kind: 'leaf'; key: string; value: MappingValue } | { kind: 'branch'; key: string; numbered: string[]; named: string[]; children: Map<string, Node> };

/**
 * The output keys of one mapping object, read as paths (json, form and query mappings): a key
 * with a dot nests (`customer.email` -> `{ customer: { email } }`), and in such a key a numbered
 * segment is an array position (`items.0.id` -> `{ items: [{ id }] }`; `0.name`, `1.name` -> a
 * top-level array). Positions are taken in the order of their numbers, exactly as if the array
 * had been written as a list, so an omitted value is left out as in a list. A key without a dot
 * is a name as written, digits and all (`101: yes` stays `"101"`). Returns the equivalent
 * mapping written without dotted keys, or why the keys cannot be built.
 */
export function expandKeyPaths(spec: Record<string, MappingValue>): { value: MappingValue } | { problem: string } {
  const keys = Object.keys(spec);
  if (!keys.some((k) => k.includes('.'))) return { value: spec };
  const root: Node = { kind: 'branch', key: '', numbered: [], named: [], children: new Map() };
  for (const key of keys) {
    const segments = key.split('.');
    if (segments.some((s) => s === '')) return { problem: `the output key \`${key}\` has an empty segment` };
    const reserved = segments.find((s) => s.startsWith('$'));
    if (reserved && segments.length > 1) return { problem: `the output key \`${key}\` has the segment \`${reserved}\`: a name starting with $ marks a special value ($value, $path, ...)` };
    let branch = root;
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      const where = segments.slice(0, i + 1).join('.');
      const existing = branch.children.get(segment);
      if (existing && (last || existing.kind === 'leaf')) return { problem: `the output keys \`${existing.key}\` and \`${key}\` both write \`${where}\`` };
      if (existing?.kind === 'branch') {
        branch = existing;
        continue;
      }
      (segments.length > 1 && INDEX.test(segment) ? branch.numbered : branch.named).push(segment);
      if (branch.numbered.length > 0 && branch.named.length > 0) {
        const place = branch === root ? 'the mapping' : `\`${segments.slice(0, i).join('.')}\``;
        return { problem: `${place} gets both numbered (${branch.numbered[0]}) and named (${branch.named[0]}) keys: it must be either a list or an object` };
      }
      const node: Node = last ? { kind: 'leaf', key, value: spec[key]! } : { kind: 'branch', key, numbered: [], named: [], children: new Map() };
      branch.children.set(segment, node);
      if (node.kind === 'branch') branch = node;
    }
  }
  return { value: build(root) };
}

function build(node: Node): MappingValue {
  if (node.kind === 'leaf') return node.value;
  if (node.numbered.length > 0) return [...node.numbered].sort((a, b) => Number(a) - Number(b)).map((k) => build(node.children.get(k)!));
  return Object.fromEntries(node.named.map((k) => [k, build(node.children.get(k)!)]));
}

/** A mapping value that is a plain nested object (mapped key by key), not a special value. */
export function isPlainMappingObject(value: MappingValue): value is { [key: string]: MappingValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !MARKERS.some((m) => Object.hasOwn(value, m));
}

/**
 * Every problem of the key paths of a mapping and the plain objects nested in it, with where
 * (`['customer']`), and whether its top level builds an array.
 */
export function keyPathProblems(mapping: MappingValue): { problems: { path: (string | number)[]; message: string }[]; topLevelArray: boolean } {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const visit = (value: MappingValue, path: (string | number)[]): MappingValue => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i]));
      return value;
    }
    if (!isPlainMappingObject(value)) return value;
    for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    const expanded = expandKeyPaths(value);
    if ('problem' in expanded) {
      problems.push({ path, message: expanded.problem });
      return value;
    }
    return expanded.value;
  };
  const top = visit(mapping, []);
  return { problems, topLevelArray: Array.isArray(top) };
}
