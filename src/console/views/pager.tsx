/** Server-side paging: the count, the first page, and the next page's cursor. */
export function Pager(props: { shown: number; total?: number; firstHref: string; nextHref?: string; onFirstPage: boolean }) {
  return (
    <nav class="pager" aria-label="pages">
      <span>
        {props.shown} shown{props.total !== undefined ? ` of ${props.total}` : ''}
      </span>
      {!props.onFirstPage && <a href={props.firstHref}>First page</a>}
      {props.nextHref && (
        <a href={props.nextHref} rel="next">
          Next page
        </a>
      )}
    </nav>
  );
}
