import type { ErrorCode } from '../errors/error-codes.js';
import { DOMParser } from '@xmldom/xmldom';
import * as cheerio from 'cheerio';

/** The formats a response body is read as. */
type BodyFormat = 'json' | 'xml' | 'html' | 'form' | 'text';

/** A response body, read once for every rule and field that looks into it. */
export interface ParsedBody {
  /** The format the body was actually read as (`text` when it did not parse as declared). */
  format: BodyFormat;
  /** The format the Content-Type (or `response_format`) claimed. */
  declared: BodyFormat;
  text: string;
  json?: unknown;
  xml?: Document;
  html?: cheerio.CheerioAPI;
  form?: Record<string, string | string[]>;
  /** Why the body could not be read as declared (it is then searched as text). */
  problem?: { code: ErrorCode; message: string };
}

/** Parses a response body as JSON when it is JSON; otherwise returns undefined. Never throws. */
export function tryParseJson(body: string): unknown {
  const trimmed = body.trim();
  if (!trimmed || !/^[[{"\d\-tfn]/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** The format a Content-Type names; undefined for an unknown or absent one. */
function formatOfContentType(contentType: string | undefined): BodyFormat | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type) return undefined;
  if (type === 'application/json' || type.endsWith('+json') || type === 'text/json') return 'json';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type.endsWith('/xml') || type.endsWith('+xml')) return 'xml';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('text/')) return 'text';
  return undefined;
}

/** Guesses a format from the body's first characters, for a missing or generic Content-Type. */
function sniffFormat(body: string): BodyFormat {
  const head = body.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  if (head.startsWith('<')) return 'xml';
  if (/^[\w.%-]+=[^&\s]*(?:&[\w.%-]+=[^&\s]*)*$/.test(body.trim())) return 'form';
  return 'text';
}

const INVALID_JSON_ADVICE =
  'The response claims to be JSON but is not valid JSON. Ask the destination to validate its JSON structure, check special characters and verify the encoding; the body was searched as text.';

/**
 * Reads a body in the format `override` names, or (for `auto`) the one its Content-Type
 * names, or a guess. Never throws: a body that does not parse is kept as text, with the problem.
 */
export function parseBody(text: string, contentType: string | undefined, override: BodyFormat | 'auto' = 'auto'): ParsedBody {
  const declared = override !== 'auto' ? override : (formatOfContentType(contentType) ?? sniffFormat(text));
  const asText = (problem: ParsedBody['problem']): ParsedBody => ({ format: 'text', declared, text, ...(problem ? { problem } : {}) });
  switch (declared) {
    case 'json': {
      if (!text.trim()) return asText(undefined);
      try {
        return { format: 'json', declared, text, json: JSON.parse(text) };
      } catch (err) {
        return asText({ code: 'RESPONSE_INVALID_JSON', message: `${INVALID_JSON_ADVICE} (${(err as Error).message})` });
      }
    }
    case 'xml':
      return parseXml(text, declared, asText);
    case 'html':
      return { format: 'html', declared, text, html: cheerio.load(text) };
    case 'form': {
      const form: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(text.trim())) {
        const prev = form[k];
        form[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      return { format: 'form', declared, text, form };
    }
    default:
      return asText(undefined);
  }
}

/**
 * Most XML nodes (elements, attributes, text) a response may have to be read with XPath.
 * The XPath engine's node-set ordering grows quadratically with the nodes a query selects,
 * so a huge flat response could hold an evaluation for minutes; lead APIs answer with dozens.
 */
const MAX_XML_NODES = 5000;

/** Counts the nodes of `doc`, stopping once past `limit`. */
function countNodes(doc: Document, limit: number): number {
  let count = 0;
  const stack: Node[] = [doc];
  while (stack.length > 0 && count <= limit) {
    const node = stack.pop()!;
    count += 1 + ((node as Element).attributes?.length ?? 0);
    for (let child = node.firstChild; child; child = child.nextSibling) stack.push(child);
  }
  return count;
}

function parseXml(text: string, declared: BodyFormat, asText: (p: ParsedBody['problem']) => ParsedBody): ParsedBody {
  // No DTDs at all: entity expansion and external entities are how XML bodies attack parsers.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    return asText({ code: 'RESPONSE_INVALID_XML', message: 'The XML response contains a DOCTYPE, which leadwire does not process; the body was searched as text.' });
  }
  let error: string | undefined;
  const parser = new DOMParser({
    onError: (level: string, message: string) => {
      if (level !== 'warning') error ??= message;
    },
  });
  try {
    const doc = parser.parseFromString(text, 'text/xml') as unknown as Document;
    if (!error && doc.documentElement) {
      if (countNodes(doc, MAX_XML_NODES) > MAX_XML_NODES) {
        return asText({ code: 'RESPONSE_XML_TOO_LARGE', message: `The XML response has more than ${MAX_XML_NODES} nodes, so XPath is not run on it; the body was searched as text. Ask the destination for a shorter answer, or match it with a /regex/.` });
      }
      return { format: 'xml', declared, text, xml: doc };
    }
  } catch (err) {
    error ??= (err as Error).message;
  }
  return asText({
    code: 'RESPONSE_INVALID_XML',
    message: `The response claims to be XML but does not parse (${(error ?? 'no root element').split('\n')[0]}); the body was searched as text.`,
  });
}
