/** What a case's Given can do to the register's line: garble the next message of a kind on its way to the register. */
export interface LineNoiseControl {
  garbleNext(root: string): void
}
