import { XMLBuilder, XMLValidator } from 'fast-xml-parser';
import { RenderError } from '../errors/render-error.js';

const builder = new XMLBuilder({ attributeNamePrefix: '@', ignoreAttributes: false, suppressBooleanAttributes: false, processEntities: true });

/**
 * A plain XML element name, as mapping roots and batch roots are checked. The builder reads any
 * other key as markup (`@x` an attribute, `#text` text, `?x` a processing instruction) or
 * writes broken XML (`a b`, `!--`), so only these names may come from a lead.
 */
const XML_ELEMENT_NAME = /^[A-Za-z_][\w.-]*$/;

/** A value that came from the lead (a mapped field or an expression over it): data, never markup. */
class LeadValue {
  constructor(
    readonly value: unknown,
    /** The mapping path it was mapped to, for messages (`name`, `items[0]`). */
    readonly at: string,
  ) {}
}

/** Marks a mapped value as the lead's, for buildXml (mapValue's `leadValue` hook). */
export const asLeadValue = (value: unknown, at: string): LeadValue => new LeadValue(value, at);

/**
 * Builds XML from a mapped object. The mapping's own keys are the author's: keys are elements,
 * `@name` keys attributes of their parent, arrays repeat the element. Values marked as the
 * lead's (LeadValue) are data: an object becomes nested elements whose names must be plain
 * element names, a list repeats its element, and anything else is refused (RenderError
 * `XML_LEAD_VALUE_INVALID`) rather than becoming attributes, processing instructions, comments,
 * CDATA or a doctype. fast-xml-parser escapes every text and attribute value.
 */
export function buildXml(root: string, value: Record<string, unknown>, declaration: boolean): string {
  const xml = builder.build({ [root]: fromMapping(value, false) }) as string;
  return `${declaration ? '<?xml version="1.0" encoding="UTF-8"?>' : ''}${xml}`;
}

// The builder writes `null` as an empty element and keeps numbers as JavaScript writes them.
function fromMapping(value: unknown, inList: boolean): unknown {
  if (value instanceof LeadValue) return fromLead(value.value, value.at, inList);
  if (Array.isArray(value)) return value.map((v) => fromMapping(v, true));
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, v instanceof LeadValue && !XML_ELEMENT_NAME.test(key) ? leadText(v, key) : fromMapping(v, false)]),
    );
  }
  return String(value);
}

function fromLead(value: unknown, at: string, inList: boolean): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    if (inList) throw invalid(at, 'is a list inside a list, which XML cannot write as repeated elements', 'Map its items one by one, or send it in a template');
    return value.map((v, i) => fromLead(v, `${at}[${i}]`, true));
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!XML_ELEMENT_NAME.test(key)) {
        throw invalid(
          at,
          `has the key ${JSON.stringify(key.slice(0, 40))}, which is not a plain XML element name: an object from a lead becomes elements only, never attributes, processing instructions or other markup`,
          'Rename the key in the lead, or map the fields you need one by one',
        );
      }
      out[key] = fromLead(v, `${at}.${key}`, false);
    }
    return out;
  }
  return String(value);
}

/** A lead value where the author's key is an attribute (`@id`), text (`#text`) or other markup: text only. */
function leadText(lead: LeadValue, key: string): string {
  const { value, at } = lead;
  if (value !== null && typeof value === 'object') {
    const place = key.startsWith('@') ? 'an attribute' : key === '#text' ? 'element text' : `the markup key ${JSON.stringify(key)}`;
    throw invalid(at, `is ${Array.isArray(value) ? 'a list' : 'an object'}, but \`${key}\` is ${place}, which holds text only`, 'Map a single field of it instead');
  }
  return value === undefined || value === null ? '' : String(value);
}

const invalid = (at: string, what: string, fix: string) =>
  new RenderError(`The lead's value for \`${at}\` in the XML mapping ${what}. ${fix}.`, 'XML_LEAD_VALUE_INVALID');

/** Throws a RenderError when the text is not well-formed XML, so nothing broken is sent. */
export function assertWellFormedXml(xml: string): void {
  const result = XMLValidator.validate(xml);
  if (result !== true) {
    const { msg, line, col } = result.err;
    throw new RenderError(`The XML body is not well-formed (line ${line}, column ${col}: ${msg}). Check the destination's XML template.`, 'XML_INVALID');
  }
}
