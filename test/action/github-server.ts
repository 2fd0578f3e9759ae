/** The GitHub API stand-in the Action's tests use; it lives with the GitHub layer's tests. */
export * from '../github/stand-in/server.ts';
