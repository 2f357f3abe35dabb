import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { ConfigError } from '../../../../src/core/errors/config-error.js';
import { renderTemplate, type TemplateEscape } from '../../../../src/core/template/liquid-template.js';

// Liquid's include, render and layout tags read template files. A destination's templates come
// from its config alone: none of them may read a file of the worker, whoever picks the name.

const fileText = readFileSync('package.json', 'utf8');
const noSecrets = () => '';

/** What rendering gives: the text, or the error's code and message. */
function attempt(source: string, scope: Record<string, unknown> = {}, escape: TemplateEscape = 'none'): string {
  try {
    return renderTemplate(source, scope, escape, noSecrets, 'body.template');
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
}

const FILE_TAG_SOURCES = [
  '{% include "package.json" %}',
  "{% include 'package.json' %}",
  '{%- include "package.json" -%}',
  "{% render 'package.json' %}",
  "{% render 'x' %}",
  "{% layout 'package.json' %}{% block a %}{% endblock %}",
  "{% layout 'x' %}",
  '{% include "package" %}',
  '{% include "./node_modules/liquidjs/package.json" %}',
  '{% include "/etc/hostname" %}',
  '{% if true %}<a>{% include "package.json" %}</a>{% endif %}',
  '{% for i in (1..2) %}{% render "package.json" %}{% endfor %}',
  '{% capture x %}{% include "package.json" %}{% endcapture %}{{ x }}',
  '{% liquid\n  include "package.json"\n%}',
];

describe('templates cannot read files', () => {
  it.each(FILE_TAG_SOURCES)('rendering %j gives no file content, and says why', (source) => {
    for (const escape of ['none', 'xml', 'url'] as const) {
      const out = attempt(source, {}, escape);
      expect(out).not.toContain('"name": "leadwire"');
      expect(out).not.toContain(fileText.slice(0, 40));
      expect(out).toMatch(/^TEMPLATE_INVALID: .*the (include|render|layout) tag is not available: templates cannot read files; inline the text instead/);
    }
  });

  it('a lead value cannot choose the file either', () => {
    for (const source of ['{% include file %}', '{% render file %}', '{% layout file %}', '{% include {{ file }} %}', '{% liquid\ninclude file\n%}']) {
      const out = attempt(source, { file: 'package.json', lead: { file: 'package.json' } });
      expect({ source, out }).toEqual({ source, out: expect.stringMatching(/^TEMPLATE_INVALID: .*tag is not available/) });
      expect(out).not.toContain('"name": "leadwire"');
    }
  });

  it('the words stay usable as text: inside raw, in output, as lead values', () => {
    expect(attempt('{% raw %}{% include "package.json" %}{% endraw %}')).toBe('{% include "package.json" %}');
    expect(attempt('{{ v }}', { v: '{% include "package.json" %}' })).toBe('{% include "package.json" %}');
    expect(attempt('{% assign include = "x" %}{{ include }} render layout')).toBe('x render layout');
  });
});

function issues(config: Record<string, unknown>): string[] {
  try {
    parseDestination({ name: 'Files', url: 'https://crm.example/leads', ...config });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('validation refuses the file tags, with the path', () => {
  it('in every kind of template a destination has', () => {
    const message = (tag: string) => `the ${tag} tag is not available: templates cannot read files; inline the text instead`;
    expect(issues({ body: { format: 'text', template: 'A {% include "package.json" %}' } })).toEqual([`body.template: ${message('include')}`]);
    expect(issues({ body: { format: 'xml', template: '<a>{% render "x" %}</a>' } })).toEqual([`body.template: ${message('render')}`]);
    expect(issues({ body: { format: 'json', mapping: { note: { $template: '{% layout "x" %}' } } } })).toEqual([`body.mapping.note.$template: ${message('layout')}`]);
    expect(issues({ body: { format: 'json', mapping: { a: 'a' } }, batch: { size: 2, timeout: 1000, format: 'template', template: '{% for l in leads %}{% include l.file %}{% endfor %}' } })).toEqual([
      `batch.template: ${message('include')}`,
    ]);
    expect(issues({ url: 'https://crm.example/{% include "package.json" %}' })).toEqual([`url: ${message('include')}`]);
    expect(issues({ endpoints: ['https://b.example/{% render file %}'] })).toEqual([`endpoints[0]: ${message('render')}`]);
    expect(issues({ routes: [{ when: 'true', url: 'https://c.example/{% include "x" %}' }] })).toEqual([`routes[0].url: ${message('include')}`]);
  });

  it('still accepts templates that merely mention the words', () => {
    expect(issues({ body: { format: 'text', template: '{% raw %}{% include "x" %}{% endraw %} include render layout {{ include }}' } })).toEqual([]);
  });
});
