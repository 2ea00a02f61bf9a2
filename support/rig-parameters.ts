/** worldParameters from cucumber.js: which assembly of the rig a profile runs. */
export interface RigParameters {
  /** simulated: in process, virtual time; real: a terminal on the bench (or one treated as real), wall-clock time. */
  terminal: 'simulated' | 'real'
  /** The bench config file of the `real` profile (README, "Certifying on the bench"). */
  bench?: string
  /** memory: in-process link; tcp: the real OPI client and terminal on loopback sockets. */
  link: 'memory' | 'tcp'
  dialect: 'nl' | 'de'
  seed: number
  /** Which integration the attended scenarios drive (support/integration-factory.ts): the reference ECR unless `pos` (through its driver) or `pos-manual` (a person operates it, following prompts). */
  integration?: 'reference' | 'pos' | 'pos-manual'
  /** `pos`: the POS config file (README, "Certifying your own POS"). */
  pos?: string
  /** `pos`: arguments added to the POS's start command for this run (the matrix's `--fault` variants). */
  posArgs?: string[]
}
