import os from 'node:os';

/** The process that runs an import: recorded on its history row while it runs. */
export interface ProcessOwner {
  host: string;
  pid: number;
}

export const thisProcess = (): ProcessOwner => ({ host: os.hostname(), pid: process.pid });

/** Whether process `pid` of this host exists (a process of another user counts: it is running). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process `owner` names has certainly stopped. Only a process of this host can be
 * checked; one of another host (a shared PostgreSQL) counts as running. `startingUp`: this process
 * has only just started, so a row naming its pid was left by an earlier process the pid was reused
 * from (a container's pid 1).
 */
export function ownerStopped(owner: ProcessOwner, startingUp = false): boolean {
  if (owner.host !== os.hostname()) return false;
  if (owner.pid === process.pid) return startingUp;
  return !pidAlive(owner.pid);
}
