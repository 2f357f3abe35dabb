import type { ComponentChildren } from 'preact';
import type { ViewContext } from './view-context.js';

/**
 * htmx's settings, read from a meta tag (no inline script): no eval (the CSP forbids it
 * anyway), no style tag of its own, no script tags from swapped content, requests only to the
 * console, and no copy of pages in localStorage (they hold lead data).
 */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
});

const NAV = [
  ['deliveries', 'Deliveries'],
  ['distributions', 'Distributions'],
  ['partners', 'Destinations & buyers'],
  ['reports', 'Reports'],
] as const;

export function Layout(props: { ctx: ViewContext; title: string; current?: string; scripts?: string[]; children: ComponentChildren }) {
  const { ctx } = props;
  const token = JSON.stringify({ 'x-csrf-token': ctx.csrfToken });
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · leadwire console`}</title>
        <link rel="stylesheet" href={ctx.paths.asset('console.css')} />
        <script src={ctx.paths.asset('htmx.min.js')} defer />
        {(props.scripts ?? []).map((s) => (
          <script src={ctx.paths.asset(s)} defer />
        ))}
        <script src={ctx.paths.asset('console.js')} defer />
      </head>
      <body hx-headers={token}>
        <header class="top">
          <a class="brand" href={ctx.paths.page('deliveries')}>
            leadwire console
          </a>
          {ctx.session && (
            <nav>
              {NAV.map(([page, label]) => (
                <a href={ctx.paths.page(page)} aria-current={props.current === page ? 'page' : undefined}>
                  {label}
                </a>
              ))}
            </nav>
          )}
          {ctx.session && (
            <form class="who" method="post" action={ctx.paths.page('sign-out')}>
              <span title={ctx.session.who}>{ctx.session.role === 'operator' ? 'Operator' : 'Viewer'}</span>
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
