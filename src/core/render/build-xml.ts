import { XMLBuilder, XMLValidator } from 'fast-xml-parser';
import { RenderError } from '../errors/render-error.js';

const builder = new XMLBuilder({ attributeNamePrefix: '@', ignoreAttributes: false, suppressBooleanAttributes: false, processEntities: true });

/**
 * Builds XML from a mapped object: keys are elements, `@name` keys attributes of their
 * parent, arrays repeat the element. fast-xml-parser escapes every text and attribute value.
 */
export function buildXml(root: string, value: Record<string, unknown>, declaration: boolean): string {
  const xml = builder.build({ [root]: stringifyLeaves(value) }) as string;
  return `${declaration ? '<?xml version="1.0" encoding="UTF-8"?>' : ''}${xml}`;
}

// The builder writes `null` as an empty element and keeps numbers as JavaScript writes them.
function stringifyLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringifyLeaves);
  if (value === null) return '';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyLeaves(v)]));
  return String(value);
}

/** Throws a RenderError when the text is not well-formed XML, so nothing broken is sent. */
export function assertWellFormedXml(xml: string): void {
  const result = XMLValidator.validate(xml);
  if (result !== true) {
    const { msg, line, col } = result.err;
    throw new RenderError(`The XML body is not well-formed (line ${line}, column ${col}: ${msg}). Check the destination's XML template.`, 'XML_INVALID');
  }
}
