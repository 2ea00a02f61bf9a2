import type { Server } from 'node:net'
import type { Endpoint } from './transport'

/**
 * Starts `server` listening at `at` and resolves with where it really listens: asking for port 0
 * gets a free port, which callers must learn to tell their peers. A port in use rejects.
 */
export function listenAt(server: Server, at: Endpoint): Promise<Endpoint> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(at.port, at.host, () => {
      server.removeListener('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address ? { host: at.host, port: address.port } : at)
    })
  })
}
