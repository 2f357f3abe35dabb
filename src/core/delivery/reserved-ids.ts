import { LeadwireError } from '../errors/leadwire-error.js';
import { DISTRIBUTION_ID_LIMITS, WORKFLOW_ID_LIMITS, idFits } from './bounded-id.js';

/** An id shape leadwire builds for a workflow of its own; no delivery or distribution may take it. */
interface ReservedIdShape {
  /** The shape as the docs write it. */
  shape: string;
  /** Whose ids these are. */
  owner: string;
  /** The workflow type that runs under such ids. */
  workflowType: string;
  /** Whether an operator's status, retry, give up or cancel may act on an id of this shape. */
  operatorActions: boolean;
  matches(id: string): boolean;
}

/**
 * The shapes of the ids leadwire gives its own workflows (src/core/flows/flow-ids.ts,
 * src/client/submit-to-batch.ts, src/workflows/lead-batcher.ts). A caller who could start a
 * delivery under one of them would squat it: a buyer's caps could no longer be reserved, a
 * distribution's child could not start, a batcher would swallow leads as signals it ignores.
 */
const RESERVED_ID_SHAPES: readonly ReservedIdShape[] = [
  { shape: 'cap:…', owner: "a buyer's caps", workflowType: 'buyerCaps', operatorActions: false, matches: (id) => id.startsWith('cap:') },
  { shape: '…--ping', owner: "a distribution's ping to a buyer", workflowType: 'deliverLead', operatorActions: true, matches: (id) => id.endsWith('--ping') },
  { shape: '…--post', owner: "a distribution's post to a buyer", workflowType: 'deliverLead', operatorActions: true, matches: (id) => id.endsWith('--post') },
  { shape: 'batcher--…', owner: "a batch destination's batcher", workflowType: 'leadBatcher', operatorActions: false, matches: (id) => id.startsWith('batcher--') },
  { shape: 'batch--…', owner: 'a batch of leads', workflowType: 'deliverBatch', operatorActions: true, matches: (id) => id.startsWith('batch--') },
];

/** The reserved shape an id takes, if any. */
export const reservedShapeOf = (id: string): ReservedIdShape | undefined => RESERVED_ID_SHAPES.find((s) => s.matches(id));

export type IdKind = 'delivery id' | 'distribution id';

/**
 * Refuses an id that a delivery or distribution is about to start under, when it takes a
 * reserved shape (`ID_RESERVED`) or, given by the caller, is too long for Temporal
 * (`ID_TOO_LONG`). Derived ids are checked too: a lead id ending in `--post` would otherwise
 * give a delivery the id of some distribution's post.
 */
export function checkStartId(id: string, kind: IdKind, given: boolean): void {
  const shape = reservedShapeOf(id);
  if (shape) {
    const fix = given ? `choose another ${kind}` : `give the lead another id, or give the ${kind} yourself`;
    throw new LeadwireError(
      'ID_RESERVED',
      `The ${kind} ${JSON.stringify(id)} has the shape ${shape.shape}, which leadwire keeps for ${shape.owner}: no delivery or distribution may start under it. ${capitalize(fix)} (SECURITY.md lists the reserved shapes).`,
    );
  }
  const limits = kind === 'distribution id' ? DISTRIBUTION_ID_LIMITS : WORKFLOW_ID_LIMITS;
  if (given && !idFits(id, limits)) {
    const why =
      kind === 'distribution id'
        ? "the most that leaves room for its buyers' ping and post ids within the limit on a workflow id"
        : "the limit on a workflow id (Temporal's SQL stores keep 255 characters)";
    throw new LeadwireError(
      'ID_TOO_LONG',
      `The ${kind} you gave is longer than ${limits.chars} characters or ${limits.bytes} bytes, ${why}. Give a shorter one, or leave it out to get one derived from the lead.`,
    );
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
