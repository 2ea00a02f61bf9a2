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
}
