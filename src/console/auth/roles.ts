/** Who a console user is: a viewer reads everything; an operator also acts (retry, give up, cancel, bulk). */
export type Role = 'viewer' | 'operator';

const ROLES: readonly Role[] = ['viewer', 'operator'];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Whether a role may act on deliveries (every POST but sign-in and sign-out). */
export const canAct = (role: Role): boolean => role === 'operator';

/** The stronger of two roles. */
export const stronger = (a: Role, b: Role): Role => (a === 'operator' || b === 'operator' ? 'operator' : 'viewer');
