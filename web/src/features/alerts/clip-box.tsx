import type { ReactNode } from 'react';
import classes from './clip-box.module.css';

/** Wraps a table that scrolls sideways, so nothing inside it can make a phone's page wider. */
export function ClipBox({ children }: { children: ReactNode }) {
  return <div className={classes.clip}>{children}</div>;
}
