/** An error the simulated server reports as an ERROR token: SQL Server's number, severity (class), state and text. */
export class SqlServerError extends Error {
  constructor(
    readonly number: number,
    message: string,
    readonly severity = 16,
    readonly state = 1,
  ) {
    super(message);
    this.name = 'SqlServerError';
  }
}

export const sqlErrors = {
  syntaxNear: (near: string) => new SqlServerError(102, `Incorrect syntax near '${near}'.`, 15),
  syntaxNearKeyword: (kw: string) => new SqlServerError(156, `Incorrect syntax near the keyword '${kw}'.`, 15),
  unsupported: (what: string) => new SqlServerError(102, `Incorrect syntax near '${what}'. The Subiekt GT simulator does not support ${what} (it executes a subset of T-SQL SELECT).`, 15),
  unknownFunction: (name: string) => new SqlServerError(195, `'${name}' is not a recognized built-in function name.`, 15),
  invalidColumn: (name: string) => new SqlServerError(207, `Invalid column name '${name}'.`, 16),
  invalidObject: (name: string) => new SqlServerError(208, `Invalid object name '${name}'.`, 16),
  ambiguousColumn: (name: string) => new SqlServerError(209, `Ambiguous column name '${name}'.`, 16),
  unboundIdentifier: (name: string) => new SqlServerError(4104, `The multi-part identifier "${name}" could not be bound.`, 16),
  undeclaredVariable: (name: string) => new SqlServerError(137, `Must declare the scalar variable "${name}".`, 15),
  nonBoolean: (near: string) => new SqlServerError(4145, `An expression of non-boolean type specified in a context where a condition is expected, near '${near}'.`, 15),
  selectDenied: (table: string, db: string) => new SqlServerError(229, `The SELECT permission was denied on the object '${table}', database '${db}', schema 'dbo'.`, 14, 5),
  deadlockVictim: (spid: number) =>
    new SqlServerError(1205, `Transaction (Process ID ${spid}) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.`, 13, 51),
  loginFailed: (user: string) => new SqlServerError(18456, `Login failed for user '${user}'.`, 14, 1),
  unknownDatabase: (db: string) => new SqlServerError(4060, `Cannot open database "${db}" requested by the login. The login failed.`, 11, 1),
  operandInvalid: (type: string, op: string) => new SqlServerError(8117, `Operand data type ${type} is invalid for ${op} operator.`, 16),
  divideByZero: () => new SqlServerError(8134, 'Divide by zero error encountered.', 16),
};
