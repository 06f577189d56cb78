import type { DynamicsConfigInput } from '../../../src/connectors/dynamics/dynamicsConfig';
import { type DynamicsSimulator, type DynamicsSimulatorOptions, startDynamicsSimulator } from '../../../src/simulators/dynamics/startDynamicsSimulator';

/**
 * Where the Dynamics contract tests run: a real Business Central when BC_TENANT_ID, BC_CLIENT_ID,
 * BC_CLIENT_SECRET, BC_ENVIRONMENT and BC_COMPANY are set (DYNAMICS_* accepted too; optional BC_TOKEN_URL and
 * BC_API_BASE_URL), otherwise the simulator.
 */
function env(name: string): string | undefined {
  return process.env[`BC_${name}`] ?? process.env[`DYNAMICS_${name}`];
}

export const REAL_BC = Boolean(env('TENANT_ID') && env('CLIENT_ID') && env('CLIENT_SECRET') && env('ENVIRONMENT') && env('COMPANY'));

export interface DynamicsTarget {
  config: DynamicsConfigInput;
  /** Only against the simulator. */
  sim: DynamicsSimulator | null;
  stop(): Promise<void>;
}

export async function startTarget(simOptions: DynamicsSimulatorOptions = {}): Promise<DynamicsTarget> {
  if (REAL_BC) {
    return {
      config: {
        tenantId: env('TENANT_ID')!,
        clientId: env('CLIENT_ID')!,
        clientSecret: env('CLIENT_SECRET')!,
        environment: env('ENVIRONMENT')!,
        company: env('COMPANY')!,
        ...(env('TOKEN_URL') ? { tokenUrl: env('TOKEN_URL') } : {}),
        ...(env('API_BASE_URL') ? { apiBaseUrl: env('API_BASE_URL') } : {}),
      },
      sim: null,
      stop: async () => {},
    };
  }
  const sim = await startDynamicsSimulator({ seed: { items: 120 }, ...simOptions });
  return {
    config: {
      tenantId: sim.tenantId,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      environment: sim.environment,
      company: sim.companies[0].name,
      tokenUrl: sim.tokenUrl,
      apiBaseUrl: sim.apiBaseUrl,
    },
    sim,
    stop: () => sim.stop(),
  };
}

/** A call to the simulator's control API (`/__sim/...`). */
export async function control<T = unknown>(sim: DynamicsSimulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${method} ${path}: HTTP ${res.status}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export interface SimRequest {
  kind: string;
  method: string;
  path: string;
  query: string;
  status: number;
  prefer?: string;
}

export function requests(sim: DynamicsSimulator, kind?: 'token' | 'api'): Promise<SimRequest[]> {
  return control<SimRequest[]>(sim, 'GET', `/requests${kind ? `?kind=${kind}` : ''}`);
}

/** Never resolves in time for a short test timeout; used to catch errors as values. */
export async function errorOf(promise: Promise<unknown>): Promise<Record<string, unknown> & { code: string; retryable: boolean; message: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Record<string, unknown> & { code: string; retryable: boolean; message: string };
  }
  throw new Error('expected the call to fail');
}
