/**
 * When a step runs: the task that was picked, and optionally one of the
 * user's flags (`leadReady`, `not leadReady`). Each condition is a named
 * processor function, not a filtrex expression: Artillery compiles an
 * `ifTrue` expression anew every time it evaluates it (every step of the
 * user's loop, on every turn), while a function name is a lookup.
 */
import { USER_TYPES } from './user-types';

const WHEN = /^(not )?([A-Za-z]\w*)$/;

/** A step's own condition: a flag of the user's, or its negation. */
interface FlagCondition {
  negated: boolean;
  flag: string;
}

function parseWhen(taskId: string, when: string | undefined): FlagCondition | undefined {
  if (!when) return undefined;
  const match = WHEN.exec(when);
  if (!match)
    throw new Error(`step condition "${when}" of task ${taskId}: write a flag name, or "not" and a flag name`);
  return { negated: match[1] !== undefined, flag: match[2] as string };
}

/** The processor function name for a step's condition, e.g. `when_view_lead__not_leadReady`. */
export function conditionName(taskId: string, when?: string): string {
  const condition = parseWhen(taskId, when);
  return condition ? `when_${taskId}__${condition.negated ? 'not_' : ''}${condition.flag}` : `when_${taskId}`;
}

export type StepCondition = (vars: Record<string, unknown>) => boolean;

function stepCondition(taskId: string, when?: string): StepCondition {
  const condition = parseWhen(taskId, when);
  if (!condition) return (vars) => vars.task === taskId;
  const { negated, flag } = condition;
  return (vars) => vars.task === taskId && Boolean(vars[flag]) !== negated;
}

/** Every condition the user types' steps need, by name. */
export function allStepConditions(): Record<string, StepCondition> {
  const conditions: Record<string, StepCondition> = {};
  for (const type of USER_TYPES) {
    for (const task of type.tasks) {
      for (const step of task.steps) conditions[conditionName(task.id, step.when)] = stepCondition(task.id, step.when);
    }
  }
  return conditions;
}
