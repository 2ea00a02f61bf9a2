import type { IntegrationUnderTest } from '../src/integration/integration-under-test'
import { loadPosConfig } from '../src/integration/pos-config'
import { ReferenceEcrIntegration } from '../src/integration/reference-ecr-integration'
import { openBench } from './bench-session'
import { PosRig } from './pos-rig'
import { RealRig } from './real-rig'
import type { RigParameters } from './rig-parameters'
import { SimulatedRig } from './simulated-rig'

export type AttendedRig = SimulatedRig | RealRig | PosRig

/** The attended scenarios' assembly: the rig around the register, and the register under test as a port. */
export interface AttendedAssembly {
  rig: AttendedRig
  integration: IntegrationUnderTest
  /** The cashier watches the register's screen: each message the terminal puts on it, as it arrives. */
  onCashierScreen(listener: (lines: string[]) => void): void
}

/**
 * Chooses the integration under test from the world parameters (`integration` in cucumber.js): the
 * reference ECR in process by default, an integrator's POS through the driver contract in `pos`, the same
 * POS operated by a person following prompts in `pos-manual`. Steps and World do not change.
 */
export async function assembleAttended(parameters: RigParameters): Promise<AttendedAssembly> {
  if (parameters.integration === 'pos' || parameters.integration === 'pos-manual') {
    const rig = await PosRig.create(await openBench(parameters.bench ?? 'bench/pos-bench.json'), loadPosConfig(parameters.pos ?? 'bench/python-pos.json', parameters.posArgs),
      parameters.integration === 'pos-manual' ? 'manual' : 'driver')
    return { rig, integration: rig.integration, onCashierScreen: (listener) => rig.onCashierScreen(listener) }
  }
  const rig = parameters.terminal === 'real' ? await RealRig.create(await openBench(parameters.bench ?? 'bench.json')) : await SimulatedRig.create(parameters)
  return {
    rig, integration: new ReferenceEcrIntegration(rig),
    // The register's own display, replaced with the register on a restart, as the rig holds it now.
    onCashierScreen: (listener) => rig.ecr.display.onShow((message) => { if (message.source === 'terminal') listener(message.lines) }),
  }
}
