/** The task queue leadwire's workers poll unless told otherwise. */
export const DEFAULT_TASK_QUEUE = 'leadwire';
