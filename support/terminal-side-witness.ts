import type { Channel, ConversationLog } from '../src/opi/conversation-log'
import type { TrafficEvent } from '../src/opi/opi-connection'

/**
 * The conversation of one register as the simulated terminal saw it, written into `log`. The terminal
 * serves every register at its counter, so a connection whose first message names another workstation
 * is taken out of this register's record again (each lane's register keeps its own log as well).
 */
export function terminalSideWitness(log: ConversationLog, workstationId: string): (channel: Channel) => (event: TrafficEvent) => void {
  return (channel) => {
    const tap = log.tap(channel, 'terminal')
    let ours: boolean | undefined
    const written: object[] = []
    return (event) => {
      if (ours === false) return
      const before = log.entries.length
      tap(event)
      written.push(...log.entries.slice(before))
      if (ours !== undefined || !('message' in event) || event.message.workstationId === undefined) return
      ours = event.message.workstationId === workstationId
      if (!ours) log.entries.splice(0, log.entries.length, ...log.entries.filter((e) => !written.includes(e)))
    }
  }
}
