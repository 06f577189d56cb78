/** What globalSetup leaves for globalTeardown (same process). */
export interface TestRun {
  tmp: string;
  adminUrl: string;
  dbName: string;
  stopTemporal(): Promise<void>;
}
