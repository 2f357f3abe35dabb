import { RenderError } from '../errors/render-error.js';
import { formScalar } from './encode-form.js';

/** One CSV field, quoted per RFC 4180 section 2 when it holds the delimiter, a quote, CR or LF. */
export function csvField(value: unknown, delimiter = ','): string {
  const text = formScalar(value);
  if (text.includes(delimiter) || /["\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** CSV records separated by CRLF (RFC 4180), no trailing line break. */
export function csvLines(rows: unknown[][], delimiter = ','): string {
  return rows.map((row) => row.map((v) => csvField(v, delimiter)).join(delimiter)).join('\r\n');
}

/** Values joined by a delimiter; a value containing it, or a line break, is an error rather than a corrupt record. */
export function delimitedLine(values: unknown[], delimiter: string, names: string[]): string {
  return values
    .map((v, i) => {
      const text = formScalar(v);
      if (text.includes(delimiter) || /[\r\n]/.test(text)) {
        throw new RenderError(
          `The value of \`${names[i]}\` contains the delimiter ${JSON.stringify(delimiter)} or a line break, which would corrupt the record. Clean the lead, or use format csv, which quotes such values.`,
          'DELIMITER_IN_VALUE',
        );
      }
      return text;
    })
    .join(delimiter);
}

interface FixedColumn {
  width: number;
  align: 'left' | 'right';
  pad: string;
}

/** One fixed-width field: padded to `width` characters, or cut to it. Counts characters, not bytes. */
export function fixedField(value: unknown, column: FixedColumn): string {
  const chars = [...formScalar(value).replace(/[\r\n]/g, ' ')];
  if (chars.length >= column.width) return chars.slice(0, column.width).join('');
  const padding = column.pad.repeat(column.width - chars.length);
  return column.align === 'left' ? chars.join('') + padding : padding + chars.join('');
}
