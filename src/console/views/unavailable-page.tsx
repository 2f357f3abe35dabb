import type { Unavailable } from '../data/console-data.js';
import { Layout } from './layout.js';
import type { ViewContext } from './view-context.js';

/** A page whose data does not exist yet in this deployment: says what brings it. */
export function UnavailablePage(props: { ctx: ViewContext; title: string; current: string; part: Unavailable }) {
  return (
    <Layout ctx={props.ctx} title={props.title} current={props.current}>
      <h1>{props.title}</h1>
      <p class="notice" data-needs={props.part.needs}>
        {`Needs the ${props.part.needs}. ${props.part.why}`}
      </p>
      <p>
        Until then: <a href={props.ctx.paths.page('deliveries')}>Deliveries</a> shows every delivery's outcome by destination and buyer, and{' '}
        <a href={props.ctx.paths.page('distributions')}>Distributions</a> who bought each lead and at what price.
      </p>
    </Layout>
  );
}
