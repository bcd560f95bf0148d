// Every expected failure TAT Bot can report, in one place. Services return these as typed results
// (never throw them); adapters turn `message` into user text. Messages say what to do next.

export const ErrorCode = {
  // input and lookup
  InvalidInput: 'invalid_input',
  NotFound: 'not_found',
  // permissions (R25)
  Forbidden: 'forbidden',
  UnknownUser: 'unknown_user',
  // activity rules
  DuplicateActivity: 'duplicate_activity', // R22
  RequesterExists: 'requester_exists', // R7
  RequesterNotApproved: 'requester_not_approved', // R7
  IndirectRequestNotApproved: 'indirect_request_not_approved', // R8
  PrimaryStaffNotInCenter: 'primary_staff_not_in_center', // R9
  TrackingClosed: 'tracking_closed', // R12
  InvalidTransition: 'invalid_transition', // R11/R12
  CannotCancel: 'cannot_cancel', // R19
  CannotClose: 'cannot_close', // R20
  CannotCloseGoal: 'cannot_close_goal', // R21
  GoalClosed: 'goal_closed', // R21
  StrategicAreaExists: 'strategic_area_exists', // R21
  AlreadyApproved: 'already_approved', // R7
  ActivityClosed: 'activity_closed',
  // conversation plumbing
  Conflict: 'conflict',
  Unavailable: 'unavailable',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface TatError {
  code: ErrorCode;
  /** A sentence for the user: what was wrong and how to fix it. */
  message: string;
  /** Machine-readable specifics (field names, missing items, the existing record…). */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: TatError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): Result<T> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

/** Thrown inside a transaction to roll it back while still returning a typed failure. */
export class RollbackWith extends Error {
  constructor(readonly error: TatError) {
    super(error.message);
    this.name = 'RollbackWith';
  }
}
