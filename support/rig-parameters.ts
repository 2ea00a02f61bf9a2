/** worldParameters from cucumber.js: which assembly of the rig a profile runs. */
export interface RigParameters {
  terminal: 'simulated'
  /** memory: in-process link; tcp: the real OPI client and terminal on loopback sockets. */
  link: 'memory' | 'tcp'
  dialect: 'nl' | 'de'
  seed: number
}
