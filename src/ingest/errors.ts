/**
 * The error every build step throws for bad input: it names the file and says
 * what is wrong, so the deploy can stop before anything is written.
 */
export class BuildError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "BuildError";
  }
}

/** Several BuildErrors found in one pass, reported together. */
export class BuildErrors extends Error {
  constructor(readonly errors: BuildError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "BuildErrors";
  }
}
