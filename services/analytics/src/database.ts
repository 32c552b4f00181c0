import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type AnalyticsDatabase = PrismaClient;
export type AnalyticsTransaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createAnalyticsDatabase(databaseUrl: string): AnalyticsDatabase {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}
