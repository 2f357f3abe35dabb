import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseYaml } from 'yaml';
import type { DestinationInput } from '../../config/destination-schema.js';
import type { ActionAnswer, BulkAction } from '../actions/console-actions.js';
import { canAct } from '../auth/roles.js';
import { ActionAnswerView } from '../views/action-answer.js';
import { BulkConfirm, BulkResults } from '../views/bulk-views.js';
import { requestedBy, viewContext, type ConsoleDeps } from './console-context.js';
import { manyValues } from './parse-filters.js';
import { sendFragment } from './render-page.js';

type Body = Record<string, unknown>;
const field = (req: FastifyRequest, name: string): string => {
  const v = (req.body as Body | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

/**
 * Every action: CSRF-checked (the token rides in htmx's header or the form), and refused to
 * a viewer here, on the server, whatever the page showed.
 */
export function actionRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const operatorOnly = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.consoleSession || !canAct(req.consoleSession.role)) {
      req.log.warn({ who: req.consoleSession?.who, url: req.url }, 'console action refused: not an operator');
      const answer: ActionAnswer = { deliveryId: '', ok: false, message: 'You are signed in as a viewer: only an operator can act. Sign in with an operator key.' };
      return sendFragment(reply, <ActionAnswerView answer={answer} what="Not allowed" />, 403);
    }
  };
  const guarded = { preValidation: app.csrfProtection, preHandler: operatorOnly };
  const single = (sub: string, what: string, act: (id: string, req: FastifyRequest) => Promise<ActionAnswer>) =>
    app.post(`/deliveries/:id/${sub}`, guarded, async (req, reply) => {
      const { id } = req.params as { id: string };
      const answer = await act(id, req);
      req.log.info({ who: req.consoleSession?.who, deliveryId: id, action: sub, ok: answer.ok }, 'console action');
      return sendFragment(reply, <ActionAnswerView answer={answer} what={what} />, answer.ok ? 200 : 409);
    });

  single('retry', 'Retry', (id, req) => deps.actions.retry(id, requestedBy(req)));
  single('give-up', 'Give up', (id, req) => deps.actions.giveUp(id, field(req, 'reason'), requestedBy(req)));
  single('cancel', 'Cancel', (id, req) => deps.actions.cancel(id, requestedBy(req)));
  single('retry-with-destination', 'Retry with a corrected destination', async (id, req) => {
    let destination: DestinationInput;
    try {
      destination = parseYaml(field(req, 'destination'), { maxAliasCount: 50 }) as DestinationInput;
    } catch (err) {
      return { deliveryId: id, ok: false, message: `The corrected destination is not valid YAML: ${(err as Error).message.split('\n')[0]}` };
    }
    if (!destination || typeof destination !== 'object') return { deliveryId: id, ok: false, message: 'The corrected destination must be a whole destination (a YAML mapping).' };
    return deps.actions.retryWithDestination(id, destination, requestedBy(req));
  });

  app.post('/deliveries/bulk/confirm', guarded, async (req, reply) => {
    const action = bulkAction(field(req, 'action'));
    const ids = manyValues((req.body as Body | undefined)?.ids);
    return sendFragment(reply, <BulkConfirm ctx={viewContext(deps, req, reply)} action={action} ids={ids} />);
  });

  app.post('/deliveries/bulk', guarded, async (req, reply) => {
    const action = bulkAction(field(req, 'action'));
    const ids = manyValues((req.body as Body | undefined)?.ids);
    const reason = field(req, 'reason');
    const answers = await deps.actions.bulk(action, ids, { by: requestedBy(req), ...(reason ? { reason } : {}) });
    req.log.info({ who: req.consoleSession?.who, action, count: ids.length, done: answers.filter((a) => a.ok).length }, 'console bulk action');
    return sendFragment(reply, <BulkResults ctx={viewContext(deps, req, reply)} action={action} answers={answers} />);
  });
}

const bulkAction = (value: string): BulkAction => (value === 'give-up' ? 'give-up' : 'retry');
