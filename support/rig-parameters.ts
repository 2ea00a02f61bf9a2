/** worldParameters from cucumber.js: which assembly of the rig a profile runs. */
export interface RigParameters {
  terminal: 'simulated'
  link: 'memory'
  dialect: 'nl' | 'de'
  seed: number
}
