import { Layout } from './layout.js';
import type { ViewContext } from './view-context.js';

export function SignInPage(props: { ctx: ViewContext; error?: string; next?: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title="Sign in">
      <section class="sign-in">
        <h1>Sign in</h1>
        <p>Sign in with a console key (LEADWIRE_CONSOLE_KEYS) or an intake API key (LEADWIRE_API_KEYS). Viewers read; operators also retry and give up.</p>
        {props.error && (
          <p class="error" role="alert">
            {props.error}
          </p>
        )}
        <form method="post" action={ctx.paths.page('sign-in')}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <label>
            Key <input type="password" name="key" autocomplete="current-password" required autofocus />
          </label>
          <button type="submit">Sign in</button>
        </form>
      </section>
    </Layout>
  );
}
