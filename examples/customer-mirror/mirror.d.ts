// Types of mirror.js for TypeScript callers (the example itself is plain JavaScript).
import type { Pool } from 'pg';

export interface MirrorOptions {
  brokers: string[];
  databaseUrl: string;
  groupId: string;
  /** Bootstrap from the compacted snapshot topics first (default); false replays the whole history. */
  fromSnapshots?: boolean;
  log?: (line: string) => void;
  /** kafkajs' logLevel (0 = nothing ... 5 = debug); WARN (2) by default. */
  kafkaLogLevel?: number;
}

export interface RunningMirror {
  db: Pool;
  stop(): Promise<void>;
}

export function startMirror(options: MirrorOptions): Promise<RunningMirror>;
export const CUSTOMER_TOPIC: string;
export const OPPORTUNITY_TOPIC: string;
export const SNAPSHOT_TOPICS: string[];
