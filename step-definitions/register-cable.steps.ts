import { Given } from '@cucumber/cucumber'
import { CaseNotRun } from '../src/operator/not-run'
import type { CertificationWorld } from '../support/world'

// The cable between register and terminal as the environment can spoil it.

Given('noise on the cable will garble the terminal\'s answer to the next payment on its way to the register', function (this: CertificationWorld) {
  // In simulation the register's cable; on the bench the recording witness in the line, which still records the answer as the terminal sent it.
  const noise = this.rig.lineNoise
  if (!noise) throw new CaseNotRun('on a serial line there is no witness in the line to put the noise on; this case runs over TCP or in simulation')
  noise.garbleNext('CardServiceResponse')
})

Given('the network to the terminal swallows every connection attempt without refusing it', function (this: CertificationWorld) {
  if (!('cable' in this.rig)) throw new CaseNotRun('the bench cannot make its network drop connection attempts silently; this case runs in simulation only')
  this.rig.cable.swallowConnections()
})
