import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** What an employee may do on the register or machine: read the journal, run the service menu. */
export type EmployeeRole = 'journal' | 'service'

export interface Credentials {
  user: string
  password?: string
}

interface Employee {
  user: string
  roles: EmployeeRole[]
  salt: Buffer
  hash: Buffer
}

/**
 * The people who may sign in on the register or the machine, each with roles. Passwords are kept only
 * as scrypt hashes; a wrong password and an unknown user look the same from outside.
 */
export class EmployeeDirectory {
  private readonly employees = new Map<string, Employee>()

  add(user: string, password: string, roles: EmployeeRole[]): void {
    const salt = randomBytes(16)
    this.employees.set(user, { user, roles: [...roles], salt, hash: scryptSync(password, salt, 32) })
  }

  /** The roles of a signed-in employee; undefined when user or password is wrong. */
  authenticate(credentials: Credentials): EmployeeRole[] | undefined {
    const employee = this.employees.get(credentials.user)
    if (!employee || credentials.password === undefined) return undefined
    const hash = scryptSync(credentials.password, employee.salt, 32)
    return timingSafeEqual(hash, employee.hash) ? [...employee.roles] : undefined
  }
}

/** Why a signed-in action was refused, in the words the log keeps. */
export function refusalReason(roles: EmployeeRole[] | undefined, needed: EmployeeRole): string | undefined {
  if (!roles) return 'not authenticated'
  return roles.includes(needed) ? undefined : `no ${needed} role`
}
