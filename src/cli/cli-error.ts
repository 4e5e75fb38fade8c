/** A mistake in how a command was used (a missing database, a bad option), told to the user as is. */
export class CliError extends Error {}
