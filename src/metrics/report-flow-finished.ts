import { proxySinks } from '@temporalio/workflow';
import type { FlowResult } from '../core/flows/flow-result.js';
import { flowSummaryOf } from './flow-summary.js';
import type { LeadwireSinks } from './metrics-sinks.js';

/** Workflow side of the flow metrics: tells the worker a distribution finished (a sink: skipped on replay). */
export function reportFlowFinished(result: FlowResult): void {
  const { flows } = proxySinks<LeadwireSinks>();
  flows.finished(flowSummaryOf(result));
}
