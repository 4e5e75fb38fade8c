import { createContext, useContext } from 'react';
import type { Goal, GoalTarget } from '../../api/types.ts';

/** The dialogs of the goals page: one open at a time. */
export type GoalDialog =
  | { kind: 'goal'; goal: Goal | null }
  | { kind: 'goal-delete'; goal: Goal }
  | { kind: 'target'; goal: Goal; target: GoalTarget | null }
  | { kind: 'target-delete'; goal: Goal; target: GoalTarget }
  | { kind: 'value'; goal: Goal; target: GoalTarget; done?: boolean }
  | null;

export interface GoalActions {
  open: (dialog: GoalDialog) => void;
  /** Ticks a true/false target (the server records who: the signed-in person). */
  setDone: (target: GoalTarget, done: boolean) => void;
}

const GoalActionsContext = createContext<GoalActions | null>(null);
export const GoalActionsProvider = GoalActionsContext.Provider;

/**
 * Rows reach the page's dialogs through context, so a memoised row of a 200-goal list is not
 * re-rendered because a callback prop changed identity.
 */
export function useGoalActions(): GoalActions {
  const actions = useContext(GoalActionsContext);
  if (!actions) throw new Error('goal row outside the goals page');
  return actions;
}
