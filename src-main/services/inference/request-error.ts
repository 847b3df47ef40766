/** A request that cannot start (unknown run, missing folder, no checkpoint): shown to the user as one line. */
export class RequestError extends Error {}
