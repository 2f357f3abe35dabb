import { z } from 'zod';

const deliveryIdSchema = z
  .string()
  .min(1)
  .max(400)
  .regex(/^[A-Za-z0-9._:@-]+$/, { error: 'expected letters, digits and . _ : @ - only' })
  .describe(
    "Your own delivery id (also the Idempotency-Key sent to the destination). Default: <destination-slug>--<lead id>. Shapes leadwire keeps for its own workflows are refused (400 ID_RESERVED): cap:…, …--ping, …--post, batcher--…, batch--….",
  );

/** Body of `POST /v1/destinations/:name/leads`. */
export const StartDeliveryBody = z.strictObject({
  lead: z.record(z.string(), z.unknown(), { error: 'expected the lead as a JSON object' }).describe('The lead: a JSON object such as {"id": "L-1", "email": "a@example.com"}.'),
  deliveryId: deliveryIdSchema.optional(),
});

/** Body of `POST /v1/flows/:name/leads`. */
export const StartDistributionBody = z.strictObject({
  lead: z.record(z.string(), z.unknown(), { error: 'expected the lead as a JSON object' }).describe('The lead: a JSON object such as {"id": "L-1", "email": "a@example.com"}.'),
  distributionId: deliveryIdSchema.describe('Your own distribution id. Default: flow-<flow-slug>--<lead id>. The shapes refused for a delivery id are refused here too (400 ID_RESERVED).').optional(),
});

/** Answer to a flow start: the distribution, new or existing. */
export const StartedDistributionBody = z.object({
  distributionId: z.string(),
  leadId: z.string(),
  flow: z.string(),
  started: z.boolean().describe('False when a distribution with this id already existed: nothing new was started.'),
  statusUrl: z.string(),
});

export const DistributionBody = z.object({
  distributionId: z.string(),
  status: z.string().describe('Temporal execution status: RUNNING, COMPLETED, TERMINATED, ...'),
  outcome: z.string().optional().describe('pending, then sold or unsold'),
  progress: z.unknown().optional().describe('While running: the buyers, bids and posts so far.'),
  result: z.unknown().optional().describe('The flow record once it has finished: buyers (eligible, skipped and why), bids, winner, sale price, posts.'),
});

/** Body of `POST /v1/deliveries/:id/retry`. */
export const RetryBody = z.strictObject({
  requestedBy: z.string().max(200).optional().describe('Who asked; kept in the delivery record.'),
  destination: z
    .record(z.string(), z.unknown(), { error: 'expected the corrected destination as a JSON object' })
    .optional()
    .describe(
      'A corrected destination (as in a destination file, in JSON), used from this attempt on. Validated in full first: 400 lists every problem by path, as `leadwire validate` does. Taken only when the server runs with --allow-retry-config (403 otherwise).',
    ),
});

/** Body of `POST /v1/deliveries/:id/abandon`. */
export const AbandonBody = z.strictObject({
  reason: z.string().trim().min(1, { error: 'expected a reason' }).max(2000).describe('Why the delivery is given up; kept in the record.'),
  requestedBy: z.string().max(200).optional(),
});

/** Answer to retry and abandon: the action taken and what the delivery does now. */
export const OperatorAnswerBody = z.object({
  deliveryId: z.string(),
  requested: z.enum(['retry', 'abandon']),
  action: z.enum(['retry', 'retry-with-new-config', 'give-up']),
  state: z.string().describe('The delivery\'s state when the action was taken: rendering, sending, waiting-to-retry or parked'),
  attempts: z.number().describe('Attempts made so far'),
  message: z.string().describe('What the delivery does now, in plain words'),
  statusUrl: z.string(),
});

/** `{ error: { code, message, issues? } }`: every error the API answers. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** Answer to a start: the delivery, new or existing. */
export const StartedBody = z.object({
  deliveryId: z.string(),
  leadId: z.string(),
  destination: z.string(),
  started: z.boolean().describe('False when a delivery with this id already existed: nothing new was started.'),
  statusUrl: z.string(),
});

export const DeliveryBody = z.object({
  deliveryId: z.string(),
  status: z.string().describe('Temporal execution status: RUNNING, COMPLETED, TERMINATED, ...'),
  state: z.string().optional().describe('rendering, sending, waiting-to-retry, parked or done'),
  outcome: z.string().optional(),
  attempts: z.array(z.unknown()).optional(),
  lastError: z.string().optional(),
  nextAttemptAt: z.string().optional(),
  parkedUntil: z.string().optional(),
  result: z.unknown().optional().describe('The delivery record once it has finished.'),
});
