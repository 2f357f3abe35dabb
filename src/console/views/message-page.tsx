import { Layout } from './layout.js';
import type { ViewContext } from './view-context.js';

/** A page that only says something: not found, not allowed, an error. */
export function MessagePage(props: { ctx: ViewContext; title: string; message: string }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p class="notice">{props.message}</p>
      <p>
        <a href={props.ctx.paths.page('deliveries')}>Back to the deliveries</a>
      </p>
    </Layout>
  );
}
